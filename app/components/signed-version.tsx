import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";

export type SignedVersionView = { version: number; edits: number; anchor: string };

/** On a receipt: which text the signature was given on, linked to that exact text. */
export function SignedVersion(props: { locale: Locale; slug: string; signed: SignedVersionView }) {
  const { t } = useTranslation();
  const { version, edits, anchor } = props.signed;
  return (
    <section className="card space-y-1" data-testid="signed-version" data-version={version} data-edits={edits}>
      <p>
        {edits > 0
          ? t("signedVersion.versionAfterEdits", { version, count: edits })
          : t("signedVersion.version", { version })}
      </p>
      <p>
        {/* A full page load, so that the anchor opens the text it points at. */}
        <a className="underline" href={`/${props.locale}/p/${encodeURIComponent(props.slug)}/versions#${anchor}`}>
          {t("signedVersion.link")}
        </a>
      </p>
    </section>
  );
}
