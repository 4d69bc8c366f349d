import { useTranslation } from "react-i18next";
import { regions, type Region } from "~/data/regions.ts";
import type { Locale } from "~/i18n.ts";
import { formatDecimal, formatNumber, formatPercent } from "~/lib/format.ts";
import { ScrollRegion } from "./scroll-region.tsx";

type Figure = { code: string; confirmed: number };

const TILE = 54;
const GAP = 2;
// Short tile labels: oblys names abbreviated as people write them; the three cities in full.
const short: Record<string, { kk: string; ru: string }> = {
  "KZ-10": { kk: "Абай", ru: "Абай" },
  "KZ-11": { kk: "Ақм", ru: "Акм" },
  "KZ-15": { kk: "Ақт", ru: "Акт" },
  "KZ-19": { kk: "Алм", ru: "Алм" },
  "KZ-23": { kk: "Атыр", ru: "Атыр" },
  "KZ-27": { kk: "БҚО", ru: "ЗКО" },
  "KZ-31": { kk: "Жамб", ru: "Жамб" },
  "KZ-33": { kk: "Жетісу", ru: "Жетісу" },
  "KZ-35": { kk: "Қарағ", ru: "Караг" },
  "KZ-39": { kk: "Қост", ru: "Кост" },
  "KZ-43": { kk: "Қызыл", ru: "Кызыл" },
  "KZ-47": { kk: "Маң", ru: "Манг" },
  "KZ-55": { kk: "Павл", ru: "Павл" },
  "KZ-59": { kk: "СҚО", ru: "СКО" },
  "KZ-61": { kk: "Түрк", ru: "Турк" },
  "KZ-62": { kk: "Ұлытау", ru: "Ұлытау" },
  "KZ-63": { kk: "ШҚО", ru: "ВКО" },
  "KZ-71": { kk: "Астана", ru: "Астана" },
  "KZ-75": { kk: "Алматы", ru: "Алматы" },
  "KZ-79": { kk: "Шымк", ru: "Шымк" },
};

const shades = ["fill-slate-100", "fill-brand-100", "fill-sky-300", "fill-brand-600", "fill-brand-800"];
const shadeIndex = (value: number, max: number) =>
  value === 0 || max === 0 ? 0 : Math.min(4, 1 + Math.floor((value / max) * 3.999));

export type MapMode = "count" | "per10k";

export function RegionBreakdown({
  locale,
  figures,
  mode = "count",
  modeHref,
}: {
  locale: Locale;
  figures: Figure[];
  mode?: MapMode;
  modeHref?: (mode: MapMode) => string;
}) {
  const { t } = useTranslation();
  const byCode = new Map(figures.map((figure) => [figure.code, figure.confirmed]));
  const total = figures.reduce((sum, figure) => sum + figure.confirmed, 0);
  const rows = [...regions].sort(
    (a, b) => (byCode.get(b.code) ?? 0) - (byCode.get(a.code) ?? 0) || a[locale].localeCompare(b[locale], locale),
  );
  return (
    <section aria-labelledby="regions-heading" className="card">
      <h2 id="regions-heading" className="text-lg font-bold">
        {t("regions.title")}
      </h2>
      {modeHref ? (
        <p className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <span>{t("map.mode")}</span>
          {(["count", "per10k"] as const).map((option) => (
            <a
              key={option}
              href={modeHref(option)}
              aria-current={mode === option ? "true" : undefined}
              className={`rounded border px-2 py-0.5 ${mode === option ? "border-brand-700 bg-brand-700 text-white" : "border-slate-400"}`}
            >
              {t(option === "count" ? "map.showCount" : "map.showPer10k")}
            </a>
          ))}
        </p>
      ) : null}
      <Cartogram locale={locale} byCode={byCode} mode={mode} />
      {/* The table's box is a region of its own: named apart from the section (axe landmark-unique). */}
      <span id="regions-table-label" hidden>
        {t("reportData.tableLabel")}
      </span>
      <ScrollRegion labelledBy="regions-heading regions-table-label" className="mt-4">
        <table className="min-w-full text-sm" data-testid="region-table">
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2 pr-2">
                {t("regions.region")}
              </th>
              <th scope="col" className="py-2 pr-2 text-right">
                {t("regions.count")}
              </th>
              <th scope="col" className="py-2 pr-2 text-right">
                {t("regions.share")}
              </th>
              <th scope="col" className="py-2 text-right">
                {t("regions.per10k")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((region) => {
              const count = byCode.get(region.code) ?? 0;
              return (
                <tr key={region.code} className="border-b border-slate-100" data-region={region.code}>
                  <th scope="row" className="py-1.5 pr-2 text-left font-normal">
                    {region[locale]}
                  </th>
                  <td className="py-1.5 pr-2 text-right tabular-nums" data-testid={`region-count-${region.code}`}>
                    {formatNumber(locale, count)}
                  </td>
                  <td className="py-1.5 pr-2 text-right tabular-nums">
                    {total ? formatPercent(locale, count / total) : t("regions.noData")}
                  </td>
                  <td className="py-1.5 text-right tabular-nums">
                    {perTenThousand(locale, count, region) ?? t("regions.noData")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <p className="mt-2 text-xs text-slate-700">{t("regions.populationNote")}</p>
    </section>
  );
}

function perTenThousand(locale: Locale, count: number, region: Region) {
  return region.population ? formatDecimal(locale, (count / region.population) * 10_000) : null;
}

function Cartogram({ locale, byCode, mode }: { locale: Locale; byCode: Map<string, number>; mode: MapMode }) {
  const { t } = useTranslation();
  const placed = regions.filter((region) => region.tile);
  // Per 10 000 residents where the population is known; regions without it stay blank.
  const valueOf = (region: Region) => {
    const count = byCode.get(region.code) ?? 0;
    if (mode === "count") return count;
    return region.population ? (count / region.population) * 10_000 : null;
  };
  const label = (region: Region) => {
    const value = valueOf(region);
    return value === null
      ? t("regions.noData")
      : mode === "count"
        ? formatNumber(locale, value)
        : formatDecimal(locale, value);
  };
  const cols = Math.max(...placed.map((region) => region.tile!.col)) + 1;
  const rowsCount = Math.max(...placed.map((region) => region.tile!.row)) + 1;
  const max = Math.max(0, ...placed.map((region) => valueOf(region) ?? 0));
  const width = cols * (TILE + GAP);
  const height = rowsCount * (TILE + GAP);
  // Never drawn narrower than 348 px (12 px type at 13.5 units in a 392-unit drawing): a narrower
  // screen scrolls it sideways rather than shrink the labels.
  return (
    <figure className="mt-3">
      <ScrollRegion labelledBy="cartogram-title">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          className="h-auto w-full min-w-[348px] max-w-md"
          role="img"
          aria-labelledby="cartogram-title"
          data-testid="cartogram"
        >
          <title id="cartogram-title">{t("regions.mapTitle")}</title>
          {placed.map((region) => {
            const shade = shadeIndex(valueOf(region) ?? 0, max);
            const x = region.tile!.col * (TILE + GAP);
            const y = region.tile!.row * (TILE + GAP);
            const dark = shade >= 3;
            return (
              <g key={region.code} data-tile={region.code}>
                <title>{t("regions.mapTotal", { region: region[locale], value: label(region) })}</title>
                <rect x={x} y={y} width={TILE} height={TILE} rx={4} className={`${shades[shade]} stroke-slate-400`} />
                <text
                  x={x + TILE / 2}
                  y={y + 21}
                  textAnchor="middle"
                  className={`text-[13.5px] ${dark ? "fill-white" : "fill-slate-900"}`}
                >
                  {short[region.code]?.[locale] ?? region.code}
                </text>
                <text
                  x={x + TILE / 2}
                  y={y + 40}
                  textAnchor="middle"
                  className={`text-[14px] font-bold ${dark ? "fill-white" : "fill-slate-900"}`}
                >
                  {label(region)}
                </text>
              </g>
            );
          })}
        </svg>
      </ScrollRegion>
      <figcaption className="mt-1 text-xs text-slate-700">{t("regions.mapDescription")}</figcaption>
    </figure>
  );
}
