import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";

type Part = { kind: "same" | "removed" | "added" | "gap"; text: string };
export type FieldDiffView = { field: string; lang: Locale; parts: Part[] };

/** What an edit did to each field: removed words struck through, added words underlined. */
export function TextDiff(props: { diffs: FieldDiffView[]; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <dl className="space-y-3" data-testid="text-diff">
      {props.diffs.map((diff) => (
        <div key={diff.field} data-field={diff.field}>
          <dt className="text-sm font-semibold text-slate-700">{t(`versions.field.${diff.field}`)}</dt>
          <dd lang={diff.lang !== props.locale ? diff.lang : undefined} className="whitespace-pre-wrap break-words">
            {diff.parts.map((part, index) =>
              part.kind === "removed" ? (
                <del key={index} className="bg-red-100 text-red-900 decoration-2">
                  <span className="sr-only">{t("versions.removed")} </span>
                  {part.text}
                </del>
              ) : part.kind === "added" ? (
                <ins key={index} className="bg-green-100 text-green-900 decoration-2">
                  <span className="sr-only">{t("versions.added")} </span>
                  {part.text}
                </ins>
              ) : part.kind === "gap" ? (
                <span key={index} className="text-slate-500">
                  {" … "}
                  <span className="sr-only">{t("versions.unchanged")} </span>
                </span>
              ) : (
                <span key={index}>{part.text}</span>
              ),
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
