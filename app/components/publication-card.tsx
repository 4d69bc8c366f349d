import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";
import { formatDate, formatNumber } from "~/lib/format.ts";

export type CardItem = {
  slug: string;
  kind: string;
  status: string;
  title: string;
  summary: string;
  organization: string;
  publishedAt: string | null;
  confirmed: number | null;
  goal: number | null;
};

/** `level`: the card's heading level, one below the heading the list sits under (h1 on list pages). */
export function PublicationCard({ locale, item, level = 3 }: { locale: Locale; item: CardItem; level?: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <article className="card flex flex-col gap-2">
      <p className="flex flex-wrap items-center gap-2 text-xs font-semibold uppercase tracking-wide text-slate-700">
        <span className="rounded bg-brand-50 px-2 py-0.5 text-brand-800">{t(`kind.${item.kind}`)}</span>
        {item.confirmed !== null ? <span>{t(`status.${item.status}`)}</span> : null}
      </p>
      <Heading className="text-lg font-bold leading-snug">
        <Link to={`/${locale}/p/${item.slug}`} className="hover:underline">
          {item.title}
        </Link>
      </Heading>
      <p className="text-slate-800">{item.summary}</p>
      <p className="mt-auto text-sm text-slate-700">
        {item.organization}
        {item.publishedAt ? ` · ${formatDate(locale, item.publishedAt)}` : null}
      </p>
      {item.confirmed !== null ? (
        <p className="font-semibold text-brand-800">
          {t("count.signatures", { count: item.confirmed, formatted: formatNumber(locale, item.confirmed) })}
          {item.goal ? <span className="font-normal text-slate-700"> / {formatNumber(locale, item.goal)}</span> : null}
        </p>
      ) : null}
    </article>
  );
}
