import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";
import { formatDate, formatNumber } from "~/lib/format.ts";

type Point = { start: string; cumulative: number };

const W = 600;
const H = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/** Cumulative confirmed signatures per day, drawn on the server; the CSV links are the data. */
export function HistoryChart({ locale, slug, points }: { locale: Locale; slug: string; points: Point[] }) {
  const { t } = useTranslation();
  const csv = `/api/v1/petitions/${slug}/history.csv`;
  const links = (
    <p className="mt-2 flex flex-wrap gap-x-3 text-sm">
      <a className="underline" href={`${csv}?interval=day`}>
        {t("history.csv")}
      </a>
      <a className="underline" href={`${csv}?interval=hour`}>
        {t("history.csvHour")}
      </a>
      <a className="underline" href={`/api/v1/petitions/${slug}/regions.csv`}>
        {t("history.regionsCsv")}
      </a>
    </p>
  );
  if (points.length === 0) {
    return (
      <section aria-labelledby="history-heading" className="card">
        <h2 id="history-heading" className="text-lg font-bold">
          {t("history.title")}
        </h2>
        <p className="text-slate-700">{t("history.empty")}</p>
        {links}
      </section>
    );
  }
  const max = Math.max(1, ...points.map((point) => point.cumulative));
  const x = (index: number) =>
    PAD.left +
    (points.length === 1 ? (W - PAD.left - PAD.right) / 2 : (index / (points.length - 1)) * (W - PAD.left - PAD.right));
  const y = (value: number) => H - PAD.bottom - (value / max) * (H - PAD.top - PAD.bottom);
  const line = points.map((point, index) => `${x(index).toFixed(1)},${y(point.cumulative).toFixed(1)}`).join(" ");
  const area = `${x(0).toFixed(1)},${y(0)} ${line} ${x(points.length - 1).toFixed(1)},${y(0)}`;
  const first = points[0];
  const last = points[points.length - 1];
  const description = t("history.description", {
    first: formatDate(locale, first.start),
    from: formatNumber(locale, first.cumulative),
    last: formatDate(locale, last.start),
    to: formatNumber(locale, last.cumulative),
  });
  return (
    <section aria-labelledby="history-heading" className="card">
      <h2 id="history-heading" className="text-lg font-bold">
        {t("history.title")}
      </h2>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="mt-2 h-auto w-full"
        role="img"
        aria-labelledby="history-title history-desc"
        data-testid="history-chart"
      >
        <title id="history-title">{t("history.title")}</title>
        <desc id="history-desc">{description}</desc>
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} className="stroke-slate-400" />
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={y(max)}
          y2={y(max)}
          className="stroke-slate-200"
          strokeDasharray="4 4"
        />
        <polygon points={area} className="fill-brand-100" />
        <polyline points={line} fill="none" className="stroke-brand-700" strokeWidth={2.5} />
        <text x={PAD.left - 6} y={y(max) + 4} textAnchor="end" className="fill-slate-700 text-[11px]">
          {formatNumber(locale, max)}
        </text>
        <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end" className="fill-slate-700 text-[11px]">
          0
        </text>
        <text x={PAD.left} y={H - 8} className="fill-slate-700 text-[11px]">
          {formatDate(locale, first.start)}
        </text>
        {points.length > 1 ? (
          <text x={W - PAD.right} y={H - 8} textAnchor="end" className="fill-slate-700 text-[11px]">
            {formatDate(locale, last.start)}
          </text>
        ) : null}
      </svg>
      <p className="sr-only">{description}</p>
      {links}
    </section>
  );
}
