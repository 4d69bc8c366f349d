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

// Label above its bar, so long names fit on a phone. Labels and values are HTML text (14 px on any
// screen); only the bars are drawn, each stretched to the row (CSP allows no inline widths).

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
                <ol
                  className="space-y-1.5 text-sm"
                  aria-label={t("reportData.chartTitle", { column: columnName })}
                  data-testid="report-chart"
                >
                  {table.labels.map((label, row) => {
                    const value = table.values[row] ?? 0;
                    return (
                      <li key={row}>
                        <span className="block break-words text-slate-800">{label}</span>
                        <span className="flex items-center gap-2">
                          <svg
                            viewBox="0 0 100 10"
                            preserveAspectRatio="none"
                            className="h-3.5 min-w-0 flex-1"
                            aria-hidden="true"
                          >
                            <rect
                              width={Math.max(0.5, (100 * Math.abs(value)) / max)}
                              height={10}
                              className="fill-brand-600"
                            />
                          </svg>
                          <span className="w-20 shrink-0 text-right tabular-nums text-slate-800">
                            {formatDecimal(locale, value, Number.isInteger(value) ? 0 : 2)}
                          </span>
                        </span>
                      </li>
                    );
                  })}
                </ol>
                <p className="text-xs text-slate-600">{t("reportData.totalsLeftOut")}</p>
              </>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
