import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";
import { formatDecimal } from "~/lib/format.ts";

export type ChartTable = {
  title: string;
  header: string[];
  labels: string[];
  values: (number | null)[];
  column: number;
  numericColumns: number[];
};

// Label above its bar, so long names fit on a phone; the 400-unit width keeps type readable there.
const ROW_HEIGHT = 40;
const WIDTH = 400;

/** Each table of a report: a CSV link and a bar chart of one numeric column (chosen by link, no JS). */
export function ReportData({
  locale,
  slug,
  tables,
  chartHref,
}: {
  locale: Locale;
  slug: string;
  tables: ChartTable[];
  chartHref: (table: number, column: number) => string;
}) {
  const { t } = useTranslation();
  if (tables.length === 0) return null;
  return (
    <section aria-labelledby="report-data-heading" className="card space-y-4">
      <h2 id="report-data-heading" className="text-lg font-bold">
        {t("reportData.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("reportData.intro")}</p>
      {tables.map((table, index) => {
        const max = Math.max(1, ...table.values.map((value) => Math.abs(value ?? 0)));
        const height = table.labels.length * ROW_HEIGHT + 4;
        const columnName = table.header[table.column] ?? "";
        return (
          <div key={index} className="space-y-2" data-testid={`report-table-${index + 1}`}>
            <h3 className="font-semibold">{t("reportData.table", { n: index + 1, title: table.title })}</h3>
            <p className="text-sm">
              <a className="underline" href={`/${locale}/p/${slug}/table/${index + 1}`}>
                {t("reportData.csv")}
              </a>
            </p>
            {table.numericColumns.length ? (
              <>
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  <span>{t("reportData.column")}</span>
                  {table.numericColumns.map((column) => (
                    <a
                      key={column}
                      href={chartHref(index, column)}
                      aria-current={column === table.column ? "true" : undefined}
                      className={`rounded border px-2 py-0.5 ${column === table.column ? "border-brand-700 bg-brand-700 text-white" : "border-slate-400"}`}
                    >
                      {table.header[column]}
                    </a>
                  ))}
                </p>
                <svg
                  viewBox={`0 0 ${WIDTH} ${height}`}
                  className="h-auto w-full"
                  role="img"
                  aria-label={t("reportData.chartTitle", { column: columnName })}
                >
                  <title>{t("reportData.chartTitle", { column: columnName })}</title>
                  {table.labels.map((label, row) => {
                    const value = table.values[row] ?? 0;
                    const width = ((WIDTH - 70) * Math.abs(value)) / max;
                    const y = row * ROW_HEIGHT;
                    return (
                      <g key={row}>
                        <text x={0} y={y + 14} className="fill-slate-800 text-[14px]">
                          {label.length > 48 ? `${label.slice(0, 47)}…` : label}
                        </text>
                        <rect x={0} y={y + 20} width={Math.max(1, width)} height={14} className="fill-brand-600" />
                        <text x={width + 6} y={y + 32} className="fill-slate-800 text-[13px]">
                          {formatDecimal(locale, value, Number.isInteger(value) ? 0 : 2)}
                        </text>
                      </g>
                    );
                  })}
                </svg>
                <p className="text-xs text-slate-600">{t("reportData.totalsLeftOut")}</p>
              </>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
