import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";
import { formatDateTime, formatNumber, formatPercent, isoKazakhstan, monthNames, yearWord } from "~/lib/format.ts";

export function CountPanel(props: {
  locale: Locale;
  confirmed: number;
  goal: number | null;
  updatedAt: string;
  live: boolean;
  /** Paper signatures: shown beside the count, never added to it. */
  paper?: number;
}) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation("share");
  const paper = props.paper ?? 0;
  const { locale, confirmed, goal } = props;
  const ratio = goal ? confirmed / goal : 0;
  return (
    <section aria-labelledby="count-heading" className="card" data-live={props.live ? "true" : undefined}>
      <h2 id="count-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-700">
        {t("count.confirmedLabel")}
      </h2>
      <p
        className="mt-1 text-4xl font-bold text-brand-800"
        aria-live="polite"
        aria-atomic="true"
        data-testid="confirmed-total"
        {...pluralPatterns((count) => t("count.signatures", { count, formatted: "#" }))}
      >
        {t("count.signatures", { count: confirmed, formatted: formatNumber(locale, confirmed) })}
      </p>
      {paper !== 0 ? (
        <p
          className="mt-1 border-l-4 border-gold-500 pl-2 text-base font-medium text-slate-800"
          data-testid="paper-total"
        >
          {ts("paper", { count: paper, formatted: formatNumber(locale, paper) })}
        </p>
      ) : null}
      <p className="text-sm text-slate-700">
        {/* page.js rewrites the time with every live change: the pattern and month names travel along. */}
        <time
          dateTime={isoKazakhstan(props.updatedAt)}
          data-testid="as-of"
          data-pattern={t("count.asOf", { time: "#" })}
          data-months={monthNames(locale).join("|")}
          data-year={yearWord(locale)}
        >
          {t("count.asOf", { time: formatDateTime(locale, props.updatedAt) })}
        </time>
      </p>
      {goal ? (
        <div className="mt-3">
          <div
            role="progressbar"
            aria-label={t("count.progressLabel")}
            aria-valuemin={0}
            aria-valuemax={goal}
            aria-valuenow={Math.min(confirmed, goal)}
          >
            {/* SVG attributes, not inline styles: works under a strict Content-Security-Policy. */}
            <svg viewBox="0 0 100 4" preserveAspectRatio="none" className="h-3 w-full" aria-hidden="true">
              <rect width="100" height="4" rx="2" className="fill-slate-200" />
              <rect width={Math.min(100, ratio * 100)} height="4" rx="2" className="fill-gold-500" data-fill="" />
            </svg>
          </div>
          <p className="mt-1 flex flex-wrap justify-between gap-2 text-sm text-slate-800">
            <span>
              {ratio >= 1 ? t("count.goalReached") : t("count.progress", { percent: formatPercent(locale, ratio) })}
            </span>
            <span>{t("count.goal", { goal: formatNumber(locale, goal) })}</span>
          </p>
        </div>
      ) : null}
      <p className="mt-3 text-xs text-slate-700">
        {t("count.verifiedNote")} {props.live ? t("count.live") : null}
      </p>
    </section>
  );
}

/**
 * The count's text for each plural category, "#" standing for the number: public/page.js fills
 * them in when the count changes on a page without React (Kazakh: one/other; Russian: one, few,
 * many, other).
 */
function pluralPatterns(text: (count: number) => string) {
  return { "data-one": text(1), "data-few": text(2), "data-many": text(5), "data-other": text(1.5) };
}
