import { useTranslation } from "react-i18next";
import { regions } from "~/data/regions.ts";
import type { Locale } from "~/i18n.ts";
import { formatDate, formatNumber, formatPercent } from "~/lib/format.ts";
import { ScrollRegion } from "./scroll-region.tsx";

const NATIONAL = 50_000;

/** Progress toward Kazakhstan's official petition bars, clearly a comparison only. */
export function ThresholdPanel({
  locale,
  confirmed,
  figures,
}: {
  locale: Locale;
  confirmed: number;
  figures: { code: string; confirmed: number }[];
}) {
  const { t } = useTranslation();
  const byCode = new Map(figures.map((figure) => [figure.code, figure.confirmed]));
  const ratio = Math.min(1, confirmed / NATIONAL);
  const cell = (count: number, population: number | null, share: number) => {
    if (!population) return <span className="text-slate-500">{t("thresholds.unknown")}</span>;
    const bar = Math.ceil(population * share);
    return count >= bar ? (
      <strong>{t("thresholds.reached")}</strong>
    ) : (
      `${formatPercent(locale, count / bar)} / ${formatNumber(locale, bar)}`
    );
  };
  return (
    <section aria-labelledby="thresholds-heading" className="card space-y-3" data-testid="thresholds">
      <h2 id="thresholds-heading" className="text-lg font-bold">
        {t("thresholds.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("thresholds.note")}</p>
      <div>
        <p className="text-sm font-semibold">{t("thresholds.national")}</p>
        <svg viewBox="0 0 100 4" preserveAspectRatio="none" className="mt-1 h-3 w-full" aria-hidden="true">
          <rect width="100" height="4" rx="2" className="fill-slate-200" />
          <rect width={ratio * 100} height="4" rx="2" className="fill-brand-600" />
        </svg>
        <p className="text-sm">
          {t("thresholds.nationalProgress", {
            percent: formatPercent(locale, confirmed / NATIONAL),
            value: formatNumber(locale, confirmed),
          })}
        </p>
      </div>
      <p id="thresholds-regional" className="text-sm font-semibold">
        {t("thresholds.regional")}
      </p>
      <ScrollRegion labelledBy="thresholds-regional">
        <table className="min-w-full text-sm">
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-1 pr-2">
                {t("regions.region")}{" "}
                <span className="block text-xs font-normal text-slate-600">{t("thresholds.population")}</span>
              </th>
              <th scope="col" className="py-1 pr-2 text-right">
                {t("thresholds.akimat")}
              </th>
              <th scope="col" className="py-1 pr-2 text-right">
                {t("thresholds.maslikhat")}
              </th>
            </tr>
          </thead>
          <tbody>
            {regions
              .filter((region) => region.type !== "abroad")
              .map((region) => {
                const count = byCode.get(region.code) ?? 0;
                return (
                  <tr key={region.code} className="border-b border-slate-100">
                    <th scope="row" className="py-1 pr-2 text-left font-normal">
                      {region[locale]}
                      <span className="block text-xs text-slate-600">
                        {region.population
                          ? `${formatNumber(locale, region.population)}, ${formatDate(locale, region.populationDate!)}`
                          : t("thresholds.unknown")}
                      </span>
                    </th>
                    <td className="whitespace-nowrap py-1 pr-2 text-right tabular-nums">
                      {cell(count, region.population, 0.01)}
                    </td>
                    <td className="whitespace-nowrap py-1 pr-2 text-right tabular-nums">
                      {cell(count, region.population, 0.02)}
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
