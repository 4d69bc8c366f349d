import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";
import { formatDate, formatNumber } from "~/lib/format.ts";

type Point = { start: string; cumulative: number };

// The drawing stretches to the card (preserveAspectRatio="none") while its labels are HTML text:
// they keep their 12 px on any screen, where SVG text would shrink with a phone-width chart.
const W = 100;
const H = 100;

/** Cumulative confirmed signatures per day, drawn on the server; the CSV links are the data. */
export function HistoryChart({ locale, slug, points }: { locale: Locale; slug: string; points: Point[] }) {
  const { t } = useTranslation();
  const csv = `/api/v1/petitions/${slug}/history.csv`;
  const links = (
    <p className="mt-2 flex flex-wrap gap-x-3 gap-y-2 text-sm">
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
  // One day of data sits in the middle; more spread from edge to edge.
  const x = (index: number) => (points.length === 1 ? W / 2 : (index / (points.length - 1)) * W);
  const y = (value: number) => H - (value / max) * H;
  const at = (index: number) => `${x(index).toFixed(2)},${y(points[index]!.cumulative).toFixed(2)}`;
  const line = points.map((_, index) => at(index)).join(" ");
  const area = `${x(0).toFixed(2)},${H} ${line} ${x(points.length - 1).toFixed(2)},${H}`;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const description =
    points.length === 1
      ? t("history.descriptionOne", {
          date: formatDate(locale, first.start),
          total: formatNumber(locale, first.cumulative),
        })
      : t("history.description", {
          first: formatDate(locale, first.start),
          from: formatNumber(locale, first.cumulative),
          last: formatDate(locale, last.start),
          to: formatNumber(locale, last.cumulative),
        });
  // Strokes keep their width however the drawing is stretched; a zero-length round-capped line
  // is a dot, so the latest day (and a single day) is always visible.
  const stroke = { vectorEffect: "non-scaling-stroke" } as const;
  const lastX = x(points.length - 1).toFixed(2);
  const lastY = y(last.cumulative).toFixed(2);
  return (
    <section aria-labelledby="history-heading" className="card">
      <h2 id="history-heading" className="text-lg font-bold">
        {t("history.title")}
      </h2>
      <figure className="mt-3">
        {/* The figure's words are in its caption, once; the drawing and its axis labels repeat them. */}
        <div className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 text-xs text-slate-700" aria-hidden="true">
          <div className="flex flex-col justify-between text-right leading-none tabular-nums">
            <span>{formatNumber(locale, max)}</span>
            <span>0</span>
          </div>
          <svg
            viewBox={`0 0 ${W} ${H}`}
            preserveAspectRatio="none"
            className="h-40 w-full overflow-visible"
            data-testid="history-chart"
            data-points={points.length}
          >
            <line x1={0} x2={W} y1={H} y2={H} className="stroke-slate-400" {...stroke} />
            <line x1={0} x2={W} y1={0} y2={0} className="stroke-slate-200" strokeDasharray="4 4" {...stroke} />
            {points.length > 1 ? (
              <>
                <polygon points={area} className="fill-brand-100" />
                <polyline points={line} fill="none" className="stroke-brand-700" strokeWidth={2.5} {...stroke} />
              </>
            ) : (
              <line x1={lastX} x2={lastX} y1={H} y2={lastY} className="stroke-brand-100" strokeWidth={10} {...stroke} />
            )}
            <line
              x1={lastX}
              x2={lastX}
              y1={lastY}
              y2={lastY}
              className="stroke-brand-700"
              strokeWidth={9}
              strokeLinecap="round"
              data-testid="history-latest"
              {...stroke}
            />
          </svg>
          <span />
          <div className={`mt-1 flex gap-2 ${points.length > 1 ? "justify-between" : "justify-center"}`}>
            <span>{formatDate(locale, first.start)}</span>
            {points.length > 1 ? <span>{formatDate(locale, last.start)}</span> : null}
          </div>
        </div>
        <figcaption className="mt-2 text-sm text-slate-700">{description}</figcaption>
      </figure>
      {links}
    </section>
  );
}
