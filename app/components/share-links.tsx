import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";
import { formatNumber } from "~/lib/format.ts";

/** The petition's short address, the one people pass on. */
const shortUrl = (publicUrl: string, locale: Locale, slug: string) =>
  `${publicUrl}/${locale}/p/${encodeURIComponent(slug)}`;

/** Telegram and WhatsApp take the text in their own plain share links: no script of theirs runs here. */
function shareTargets(text: string, url: string) {
  return {
    telegram: `https://t.me/share/url?url=${encodeURIComponent(url)}&text=${encodeURIComponent(text)}`,
    whatsapp: `https://wa.me/?text=${encodeURIComponent(`${text} ${url}`)}`,
  };
}

/**
 * One-tap sharing where people here talk: plain links that work without JavaScript; with it
 * (public/page.js) a copy button, the system share sheet where the browser has one, and the text
 * follows the live count.
 */
export function ShareLinks(props: {
  locale: Locale;
  slug: string;
  title: string;
  confirmed: number;
  publicUrl: string;
  invite?: boolean;
  /** "statement": people endorse it, so the text counts supporters, not signatures. */
  wording?: "statement";
}) {
  const { t } = useTranslation("share");
  const url = shortUrl(props.publicUrl, props.locale, props.slug);
  const text = (count: number, formatted: string) =>
    t("text", { count, formatted, title: props.title, context: props.wording });
  const current = text(props.confirmed, formatNumber(props.locale, props.confirmed));
  const targets = shareTargets(current, url);
  const link =
    "inline-flex min-h-[44px] items-center justify-center rounded-md border border-brand-700 px-3 py-2 font-semibold text-brand-800 hover:bg-brand-50";
  return (
    <section
      aria-labelledby="share-links-heading"
      className="card space-y-3"
      data-share=""
      data-url={url}
      data-title={props.title}
      // The text for each plural category, "#" for the count: page.js rewrites the links when it moves.
      data-one={text(1, "#")}
      data-few={text(2, "#")}
      data-many={text(5, "#")}
      data-other={text(1.5, "#")}
    >
      <h2 id="share-links-heading" className="text-lg font-bold">
        {t("heading")}
      </h2>
      {props.invite ? <p>{t("invite", { context: props.wording })}</p> : null}
      <p className="text-sm text-slate-800" data-share-text="">
        {current}
      </p>
      <div className="grid grid-cols-2 gap-2">
        <a className={link} href={targets.telegram} target="_blank" rel="noopener noreferrer" data-share-to="telegram">
          {t("telegram")}
          <span className="sr-only"> {t("opensNew")}</span>
        </a>
        <a className={link} href={targets.whatsapp} target="_blank" rel="noopener noreferrer" data-share-to="whatsapp">
          {t("whatsapp")}
          <span className="sr-only"> {t("opensNew")}</span>
        </a>
        <button type="button" className={`${link} [&[hidden]]:hidden`} hidden data-share-copy="">
          {t("copy")}
        </button>
        <button type="button" className={`${link} [&[hidden]]:hidden`} hidden data-share-native="">
          {t("native")}
        </button>
      </div>
      <div>
        <label htmlFor={`share-url-${props.slug}`} className="field-label text-sm">
          {t("linkLabel", { context: props.wording })}
        </label>
        {/* A field, not a bare link: the address stays whole on a narrow screen and is easy to select. */}
        <input
          id={`share-url-${props.slug}`}
          className="field-input font-mono text-sm"
          type="url"
          readOnly
          value={url}
          data-share-url=""
        />
      </div>
      <p
        className="min-h-[1.25rem] text-sm font-medium text-green-800"
        role="status"
        data-share-status=""
        data-copied={t("copied")}
        data-failed={t("copyFailed")}
      />
    </section>
  );
}
