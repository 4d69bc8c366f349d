import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RegionBreakdown } from "~/components/region-breakdown.tsx";
import { TierPanel } from "~/components/tier-panel.tsx";
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import { otherLocale, requireLocale, type Locale } from "~/i18n.ts";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import { getSnapshot } from "~/models/snapshot.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const snapshot = await getSnapshot(params.id ?? "");
  if (!snapshot) throw new Response("Not Found", { status: 404 });
  const publicUrl = config().publicUrl;
  // The caveat travels inside the sentence a journalist copies: email-verified, not an eGov petition.
  const sentence = (lang: Locale) =>
    `${serverT(lang)("snapshot.sentence", {
      title: lang === "kk" ? snapshot.publication.titleKk : snapshot.publication.titleRu,
      time: formatDateTime(lang, snapshot.takenAt),
      count: snapshot.confirmed,
      formatted: formatNumber(lang, snapshot.confirmed),
      seq: snapshot.ledgerSeq,
      hash: snapshot.ledgerHash.slice(0, 12),
      url: `${publicUrl}/${lang}/s/${snapshot.id}`,
    })} ${serverT(lang, "share")("citeCaveat")}`;
  return json(
    {
      locale,
      id: snapshot.id,
      slug: snapshot.publication.slug,
      title: locale === "kk" ? snapshot.publication.titleKk : snapshot.publication.titleRu,
      takenAt: snapshot.takenAt.toISOString(),
      confirmed: snapshot.confirmed,
      figures: snapshot.figures,
      ledger: { seq: snapshot.ledgerSeq, hash: snapshot.ledgerHash },
      checkpoint: snapshot.checkpoint && {
        treeSize: snapshot.checkpoint.treeSize,
        entryIndex: snapshot.checkpoint.entryIndex,
      },
      sentences: { here: sentence(locale), other: sentence(otherLocale(locale)) },
      permalink: `${publicUrl}/${locale}/s/${snapshot.id}`,
      publicUrl,
    },
    { headers: { "Cache-Control": "public, max-age=3600" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.title} — ${formatNumber(data.locale, data.confirmed)} — Дауыс` },
        { name: "description", content: data.sentences.here },
        {
          tagName: "link",
          rel: "alternate",
          type: "application/json+oembed",
          href: `${data.publicUrl}/api/oembed?url=${encodeURIComponent(data.permalink)}&format=json`,
        },
      ]
    : [];

export default function SnapshotPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { locale } = data;
  return (
    <article className="mx-auto max-w-3xl space-y-4">
      <header className="card space-y-2">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-700">{t("snapshot.title")}</p>
        <h1 className="text-2xl font-bold">{data.title}</h1>
        <p className="text-4xl font-bold text-brand-800" data-testid="snapshot-confirmed">
          {t("count.signatures", { count: data.confirmed, formatted: formatNumber(locale, data.confirmed) })}
        </p>
        <p>
          <time dateTime={data.takenAt}>{t("snapshot.asOf", { time: formatDateTime(locale, data.takenAt) })}</time>
        </p>
        <p className="text-sm text-slate-700">{t("snapshot.intro")}</p>
        <p className="text-sm">
          {t("snapshot.ledger", { seq: data.ledger.seq })} <code className="break-all text-xs">{data.ledger.hash}</code>
        </p>
        {data.checkpoint ? (
          <p className="text-sm" data-testid="snapshot-checkpoint">
            <a className="underline" href={`/api/v1/log/checkpoint/${data.checkpoint.treeSize}`}>
              {t("log.checkpoint", { size: data.checkpoint.treeSize })}
            </a>{" "}
            {data.checkpoint.entryIndex !== null
              ? t("log.checkpointHolds", { seq: data.ledger.seq, index: data.checkpoint.entryIndex })
              : t("log.checkpointLater", { seq: data.ledger.seq })}
          </p>
        ) : null}
      </header>
      <section className="card space-y-2" aria-labelledby="sentence-heading">
        <h2 id="sentence-heading" className="text-lg font-bold">
          {t("snapshot.sentenceLabel")}
        </h2>
        <blockquote className="border-l-4 border-gold-400 pl-3" data-testid="citation">
          {data.sentences.here}
        </blockquote>
        <p className="text-sm font-semibold">{t("snapshot.inOtherLanguage")}</p>
        <blockquote className="border-l-4 border-slate-300 pl-3 text-sm" lang={locale === "kk" ? "ru" : "kk"}>
          {data.sentences.other}
        </blockquote>
        <p className="text-sm">
          {t("snapshot.permalink")}:{" "}
          <a className="break-all underline" href={data.permalink}>
            {data.permalink}
          </a>
        </p>
        <p className="text-sm">
          <a className="underline" href={`/api/v1/snapshots/${data.id}`}>
            {t("snapshot.json")}
          </a>
        </p>
      </section>
      <TierPanel locale={locale} tiers={data.figures.tiers} removedByReason={data.figures.removedByReason} />
      <RegionBreakdown locale={locale} figures={data.figures.regions} />
      <p>
        <Link className="underline" to={`/${locale}/p/${data.slug}`}>
          {t("snapshot.current")}
        </Link>
      </p>
    </article>
  );
}
