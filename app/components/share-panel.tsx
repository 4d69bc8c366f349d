import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";

/** Cite this count (a frozen snapshot), and copy-paste code for the live counter and the badge. */
export function SharePanel({ locale, slug, publicUrl }: { locale: Locale; slug: string; publicUrl: string }) {
  const { t } = useTranslation();
  const iframe = `<iframe src="${publicUrl}/embed/${slug}?lang=${locale}" width="400" height="260" style="border:0;max-width:100%" loading="lazy" title="Дауыс"></iframe>`;
  const badge = `<a href="${publicUrl}/${locale}/p/${slug}"><img src="${publicUrl}/badge/${slug}.svg?lang=${locale}" alt="Дауыс"></a>`;
  return (
    <section aria-labelledby="share-heading" className="card space-y-3 text-sm">
      <h2 id="share-heading" className="text-lg font-bold">
        {t("share.title")}
      </h2>
      <Form method="post" action={`/${locale}/p/${slug}/cite`}>
        <button type="submit" className="btn-primary w-full">
          {t("cite.button")}
        </button>
        <p className="mt-1 text-slate-700">{t("cite.help")}</p>
      </Form>
      <p>{t("embed.copy")}</p>
      <label className="block font-medium" htmlFor="embed-iframe">
        {t("embed.iframe")}
      </label>
      <textarea id="embed-iframe" readOnly rows={3} className="field-input font-mono text-xs" value={iframe} />
      <label className="block font-medium" htmlFor="embed-badge">
        {t("embed.badge")}
      </label>
      <textarea id="embed-badge" readOnly rows={3} className="field-input font-mono text-xs" value={badge} />
      <p>
        <img src={`/badge/${slug}.svg?lang=${locale}`} alt="" height={20} />
      </p>
    </section>
  );
}
