// Parts of the public petition page for the campaign around it: the printable signature sheet
// and the organizers' public updates (with their Atom feed). Strings: the "campaign" namespace.
import { useTranslation } from "react-i18next";
import { regions } from "~/data/regions.ts";
import { otherLocale, type Locale } from "~/i18n.ts";
import { formatDate } from "~/lib/format.ts";

/** A file size as people read it ("1.4 MB", "320 KB"). */
export function formatBytes(bytes: number) {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Links to the A4 sheet in both languages, and a plain GET form for a sheet with the region printed. */
export function SheetDownload({ locale, slug }: { locale: Locale; slug: string }) {
  const { t } = useTranslation("campaign");
  const other = otherLocale(locale);
  const href = (lang: Locale) => `/${lang}/p/${slug}/sheet.pdf`;
  return (
    <section aria-labelledby="sheet-heading" className="card space-y-2 text-sm" data-testid="sheet-download">
      <h2 id="sheet-heading" className="text-lg font-bold">
        {t("download.title")}
      </h2>
      <p>{t("download.body")}</p>
      <ul className="space-y-1">
        <li>
          <a className="font-semibold text-brand-700 underline" href={href(locale)} type="application/pdf">
            {t("download.link")}
          </a>
        </li>
        <li>
          <a className="text-brand-700 underline" href={href(other)} hrefLang={other} type="application/pdf">
            {t("download.linkOther")}
          </a>
        </li>
      </ul>
      <form method="get" action={href(locale)} className="flex flex-wrap items-end gap-2">
        <label className="block">
          <span className="field-label">{t("download.region")}</span>
          <select name="region" className="field-input" defaultValue="">
            <option value="">{t("runs.anyRegion")}</option>
            {regions.map((region) => (
              <option key={region.code} value={region.code}>
                {region[locale]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded border border-slate-400 px-3 py-2">
          PDF
        </button>
      </form>
    </section>
  );
}

export type PublicUpdateView = { id: string; subject: string; html: string; sentAt: string };

/** Updates the organizers sent to signers and left public, newest first. */
export function PublicUpdates({
  locale,
  slug,
  updates,
}: {
  locale: Locale;
  slug: string;
  updates: PublicUpdateView[];
}) {
  const { t } = useTranslation("campaign");
  return (
    <section aria-labelledby="updates-heading" className="card space-y-3" data-testid="public-updates">
      <h2 id="updates-heading" className="text-lg font-bold">
        {t("updates.title")}
      </h2>
      {updates.map((update) => (
        <article key={update.id} id={`update-${update.id}`} className="border-t border-slate-200 pt-3">
          <h3 className="font-semibold">{update.subject}</h3>
          <p className="text-sm text-slate-700">
            <time dateTime={update.sentAt}>{formatDate(locale, update.sentAt)}</time>
          </p>
          <div className="prose-dauys mt-1" dangerouslySetInnerHTML={{ __html: update.html }} />
        </article>
      ))}
      <p className="text-sm">
        <a className="text-brand-700 underline" href={`/${locale}/p/${slug}/updates.atom`} type="application/atom+xml">
          {t("updates.feed")}
        </a>
      </p>
    </section>
  );
}
