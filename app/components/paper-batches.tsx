import { useTranslation } from "react-i18next";
import { regionName } from "~/data/regions.ts";
import type { Locale } from "~/i18n.ts";
import { formatDate, formatDateTime, formatNumber } from "~/lib/format.ts";

export type PaperBatchRow = {
  receipt: string;
  region: string;
  count: number;
  /** YYYY-MM-DD (Kazakhstan dates), as in GET /api/v1/petitions/{slug}/paper. */
  collectedFrom: string;
  collectedTo: string;
  scanSha256: string | null;
  correctsReceipt: string | null;
  /** Serials of the numbered sheets in the batch ("1-20,31"), or "". */
  sheetSerials: string;
  /** YYYY-MM-DDTHH:MMZ */
  createdAt: string;
};

// A calendar date is shown as the day it names, whatever the time zone.
const day = (date: string) => `${date}T12:00:00+05:00`;
const minute = (value: string) => value.replace(/Z$/, ":00Z");

/** Paper batches of a petition, apart from the email-verified count; corrections are batches too. */
export function PaperBatches(props: { batches: PaperBatchRow[]; locale: Locale }) {
  const { t } = useTranslation();
  const { batches, locale } = props;
  const total = batches.reduce((sum, batch) => sum + batch.count, 0);
  return (
    <section aria-labelledby="paper-heading" className="card space-y-2" data-testid="paper-batches">
      <h2 id="paper-heading" className="text-lg font-bold">
        {t("paperPublic.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("paperPublic.intro")}</p>
      {batches.length === 0 ? (
        <p>{t("paperPublic.empty")}</p>
      ) : (
        <>
          <p className="font-semibold">{t("paperPublic.total", { formatted: formatNumber(locale, total) })}</p>
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead>
                <tr className="border-b border-slate-300 text-left">
                  {(["receipt", "region", "count", "collected", "scan", "added"] as const).map((column) => (
                    <th key={column} scope="col" className={`py-1 pr-3 ${column === "count" ? "text-right" : ""}`}>
                      {t(`paperPublic.columns.${column}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {batches.map((batch) => (
                  <tr key={batch.receipt} className="border-b border-slate-100 align-top">
                    <td className="py-1 pr-3 font-mono text-xs">
                      {batch.receipt}
                      {batch.correctsReceipt ? (
                        <span className="block font-sans text-slate-700">
                          {t("paperPublic.correction", { receipt: batch.correctsReceipt })}
                        </span>
                      ) : null}
                      {batch.sheetSerials ? (
                        <span className="block font-sans text-slate-700" data-testid="sheet-serials">
                          {t("campaign:serials.label", { serials: batch.sheetSerials.replace(/,/g, ", ") })}
                        </span>
                      ) : null}
                    </td>
                    <td className="py-1 pr-3">{regionName(batch.region, locale)}</td>
                    <td className="py-1 pr-3 text-right tabular-nums">{formatNumber(locale, batch.count)}</td>
                    <td className="py-1 pr-3">
                      {formatDate(locale, day(batch.collectedFrom))} — {formatDate(locale, day(batch.collectedTo))}
                    </td>
                    <td className="break-all py-1 pr-3 font-mono text-xs">
                      {batch.scanSha256 ?? <span className="font-sans">{t("paperPublic.noScan")}</span>}
                    </td>
                    <td className="whitespace-nowrap py-1">{formatDateTime(locale, minute(batch.createdAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
