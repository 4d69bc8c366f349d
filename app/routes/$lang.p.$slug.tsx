import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CountPanel } from "~/components/count-panel.tsx";
import { WitnessNote } from "~/components/witness-note.tsx";
import { witnessedFigures } from "~/models/log.server.ts";
import { useLiveCounts } from "~/components/live-counts.ts";
import { PublicSigners } from "~/components/public-signers.tsx";
import { RegionBreakdown } from "~/components/region-breakdown.tsx";
import { SignForm } from "~/components/sign-form.tsx";
import { LedgerPanel, TierPanel } from "~/components/tier-panel.tsx";
import { config } from "~/config.server.ts";
import { formStamp } from "~/services/abuse.server.ts";
import { HistoryChart } from "~/components/history-chart.tsx";
import { SharePanel } from "~/components/share-panel.tsx";
import { ShareLinks } from "~/components/share-links.tsx";
import { ThresholdPanel } from "~/components/threshold-panel.tsx";
import { confirmedHistory } from "~/models/history.server.ts";
import { ReportData } from "~/components/report-data.tsx";
import { reportCharts } from "~/services/report-charts.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDate } from "~/lib/format.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { getCountsWithHead } from "~/models/counts.server.ts";
import {
  authorLine,
  collectsSignatures,
  getPublishedPublication,
  isOpenForSigning,
  signingEndedAt,
} from "~/models/publication.server.ts";
import { versionSummary } from "~/models/editor.server.ts";
import { publicBatches } from "~/models/paper.server.ts";
import { PaperBatches } from "~/components/paper-batches.tsx";
import { ResponsePanel, VersionPanel, type ResponseView } from "~/components/publication-extras.tsx";
import { formatBytes, PublicUpdates, SheetDownload } from "~/components/campaign-panels.tsx";
import { listPublicUpdates } from "~/services/updates.server.ts";
import { regionName } from "~/data/regions.ts";
import { isLocale, type Locale } from "~/i18n.ts";
import { listPublicSigners } from "~/models/signature.server.ts";
import { handleSignPost } from "~/services/signing.server.ts";

/** Plain HTML and public/page.js instead of the React runtime: the page weighs < 100 KB (decision 016). */
export const handle = { hydrate: false };

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const publication = await getPublishedPublication(params.slug ?? "");
  if (!publication) throw new Response("Not Found", { status: 404 });
  // The page is the same for every visitor but for this stamp (and the CSP nonce): it may be kept.
  const started = formStamp();
  context.pageCapture?.allow({ publicationId: publication.id, slug: publication.slug, stamp: started });
  // A single-language publication shows its one text on both language versions of the page.
  const textLocale: Locale = isLocale(publication.onlyLanguage) ? publication.onlyLanguage : locale;
  const kk = textLocale === "kk";
  const isPetition = collectsSignatures(publication);
  const query = new URL(request.url).searchParams;
  const page = Math.min(10_000, Math.max(1, Number.parseInt(query.get("signers") ?? "1", 10) || 1));
  const withCounts = isPetition ? getCountsWithHead(publication.id, publication.publishedAt) : Promise.resolve(null);
  const [current, signers, history, versions, paper, witnessed, updates] = await Promise.all([
    withCounts,
    isPetition ? listPublicSigners(publication.id, page) : null,
    isPetition ? confirmedHistory(publication.id, "day") : null,
    withCounts.then((found) =>
      versionSummary(publication.id, { version: publication.version, confirmed: found?.counts.confirmed ?? null }),
    ),
    // Paper batches are listed while paper signatures count (batches corrected to zero stay in the API and ledger).
    withCounts.then((found) => (found && found.counts.totals.paper !== 0 ? publicBatches(publication.id) : [])),
    isPetition ? witnessedFigures(publication.id) : null,
    isPetition ? listPublicUpdates(publication.id) : [],
  ]);
  const tableLabel = serverT(locale)("reportData.tableLabel");
  const counts = current?.counts;
  const head = current?.head;
  // Closed or archived before its deadline: the date it ended, never "collecting until" (none when
  // no date was recorded).
  const ended = isPetition ? signingEndedAt(publication) : null;
  const deadline = ended ? (ended.getTime() > 0 ? ended : null) : publication.deadline;
  return json({
    locale,
    slug: publication.slug,
    kind: publication.kind,
    signable: isPetition,
    paperBatches: paper,
    status: publication.status,
    textLocale,
    version: publication.version,
    versions: versions.map((version) => ({
      number: version.number,
      createdAt: version.createdAt.toISOString(),
      note: (locale === "kk" ? version.noteKk : version.noteRu) || version.noteKk || version.noteRu,
      minorEdits: version.minorEdits,
      confirmed: version.confirmed,
    })),
    regionScope: publication.regionScope
      ? publication.regionScope.split(",").map((code) => regionName(code, locale))
      : [],
    response: responseView(publication, locale),
    updates: updates.map((update) => ({
      id: update.id,
      subject: kk ? update.subjectKk : update.subjectRu,
      html: renderMarkdown(kk ? update.bodyKk : update.bodyRu, tableLabel),
      sentAt: (update.sentAt ?? new Date(0)).toISOString(),
    })),
    title: kk ? publication.titleKk : publication.titleRu,
    summary: kk ? publication.summaryKk : publication.summaryRu,
    bodyHtml: renderMarkdown(kk ? publication.bodyKk : publication.bodyRu, serverT(locale)("reportData.tableLabel")),
    addressee: kk ? publication.addresseeKk : publication.addresseeRu,
    organization: authorLine(publication, locale),
    publishedAt: publication.publishedAt?.toISOString() ?? null,
    deadline: deadline?.toISOString() ?? null,
    goal: publication.goal,
    canSign: isOpenForSigning(publication),
    deadlinePassed: Boolean(ended),
    counts: counts && {
      confirmed: counts.confirmed,
      tiers: counts.totals,
      regions: counts.regions,
      removedByReason: counts.removedByReason,
      updatedAt: counts.updatedAt.toISOString(),
    },
    ledger: head && { seq: head.seq, hash: head.hash },
    witnessed,
    publicUrl: config().publicUrl,
    started,
    formErrorCount: context.formErrorCount ?? 0,
    formErrorTitle: context.formErrorCount
      ? serverT(locale, "share")("titleErrors", { count: context.formErrorCount })
      : null,
    history: history?.map((point) => ({ start: point.start, cumulative: point.cumulative })) ?? null,
    mapMode: query.get("map") === "per10k" ? ("per10k" as const) : ("count" as const),
    reportTables:
      publication.kind === "report" ? reportCharts(kk ? publication.bodyKk : publication.bodyRu, query) : [],
    signers: signers && {
      page,
      hasMore: signers.hasMore,
      list: signers.signers,
    },
  });
}

function responseView(
  publication: {
    kind: string;
    respondedAt: Date | null;
    responseKk: string | null;
    responseRu: string | null;
    responseUrl: string | null;
    responseDocSha256: string | null;
    responseDocBytes: number | null;
    responsePostedAt: Date | null;
    addresseeKk: string | null;
    addresseeRu: string | null;
    slug: string;
  },
  locale: Locale,
): ResponseView | null {
  if (publication.kind !== "petition") return null;
  if (!publication.respondedAt)
    return publication.addresseeKk || publication.addresseeRu ? { state: "awaiting" } : null;
  const own = locale === "kk" ? publication.responseKk : publication.responseRu;
  const other = locale === "kk" ? publication.responseRu : publication.responseKk;
  return {
    state: "answered",
    date: publication.respondedAt.toISOString(),
    postedAt: publication.responsePostedAt?.toISOString() ?? null,
    document: publication.responseDocSha256
      ? {
          href: `/api/v1/petitions/${encodeURIComponent(publication.slug)}/response.pdf`,
          sha256: publication.responseDocSha256,
          size: formatBytes(publication.responseDocBytes ?? 0),
        }
      : null,
    html: renderMarkdown(own || other || "", serverT(locale)("reportData.tableLabel")),
    url: publication.responseUrl,
    // Answered in one language only: say so on the other language's page.
    language: own ? null : locale === "kk" ? "ru" : "kk",
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  // Already run in front of Remix (sign-post.server.ts): only the page is left to render.
  const prepared = context.signOutcome;
  if (prepared && "thrown" in prepared) throw prepared.thrown;
  const answer =
    prepared?.returned ??
    (await handleSignPost({ request, locale, slug: params.slug ?? "", clientIp: context.clientIp }));
  // The loader runs after the action in the same request: it puts the error count in the title.
  if (answer.status === 400) context.formErrorCount = Number((await answer.clone().json()).errorCount) || 0;
  return answer;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [];
  const url = `${data.publicUrl}/${data.locale}/p/${data.slug}`;
  return [
    { title: `${data.formErrorTitle ? `(${data.formErrorTitle}) ` : ""}${data.title} — Дауыс` },
    { name: "description", content: data.summary },
    { property: "og:type", content: "article" },
    { property: "og:site_name", content: "Дауыс" },
    { property: "og:title", content: data.title },
    { property: "og:description", content: data.summary },
    { property: "og:url", content: url },
    { property: "og:locale", content: data.locale === "kk" ? "kk_KZ" : "ru_RU" },
    ...(data.counts
      ? [
          { property: "og:image", content: `${data.publicUrl}/og/${data.slug}.png?lang=${data.locale}` },
          { property: "og:image:width", content: "1200" },
          { property: "og:image:height", content: "630" },
          { name: "twitter:card", content: "summary_large_image" },
        ]
      : [{ name: "twitter:card", content: "summary" }]),
    ...(data.signable
      ? [
          {
            tagName: "link",
            rel: "alternate",
            type: "application/atom+xml",
            href: `/${data.locale}/p/${data.slug}/updates.atom`,
          },
        ]
      : []),
    ...(data.counts
      ? [
          {
            tagName: "link",
            rel: "alternate",
            type: "application/json+oembed",
            href: `${data.publicUrl}/api/oembed?url=${encodeURIComponent(url)}&format=json`,
          },
        ]
      : []),
  ];
};

// Statements and reports have no counts; a constant keeps the live-count hook from re-running.
const noCounts = { confirmed: 0, regions: [], updatedAt: new Date(0).toISOString(), removedByReason: [] };

export default function PublicationPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { errors?: Record<string, string>; values?: Record<string, string>; rateLimited?: boolean } | undefined;
  const { t } = useTranslation();
  const { locale } = data;
  const counts = useLiveCounts(data.slug, data.counts ?? noCounts, Boolean(data.counts) && data.status === "open");
  const deadlinePassed = data.deadlinePassed;
  return (
    <article className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <header className="space-y-2 lg:col-span-2">
        <p className="flex flex-wrap gap-2 text-xs font-semibold uppercase tracking-wide text-slate-700">
          <span className="rounded bg-brand-50 px-2 py-0.5 text-brand-800">{t(`kind.${data.kind}`)}</span>
          {data.signable ? (
            <span>{t(`status.${data.canSign ? "open" : data.status === "open" ? "closed" : data.status}`)}</span>
          ) : null}
        </p>
        {data.textLocale !== locale ? (
          <p role="note" className="rounded border border-amber-600 bg-amber-50 p-2 text-sm font-medium">
            {t(`languageNotice.${data.textLocale}`)}
          </p>
        ) : null}
        <h1
          lang={data.textLocale !== locale ? data.textLocale : undefined}
          className="text-2xl font-bold leading-tight sm:text-3xl"
        >
          {data.title}
        </h1>
        <p lang={data.textLocale !== locale ? data.textLocale : undefined} className="text-lg text-slate-800">
          {data.summary}
        </p>
        <p className="text-sm text-slate-700">
          {t("publication.by", { organization: data.organization })}
          {data.publishedAt ? ` · ${t("publication.published", { date: formatDate(locale, data.publishedAt) })}` : null}
        </p>
        {data.addressee ? (
          <p className="text-sm font-medium">{t("publication.addressee", { addressee: data.addressee })}</p>
        ) : null}
        {data.regionScope.length ? (
          <p className="text-sm">{t("scope.label", { regions: data.regionScope.join(", ") })}</p>
        ) : null}
        {data.deadline ? (
          <p className="text-sm">
            {t(deadlinePassed ? "publication.deadlinePassed" : "publication.deadline", {
              date: formatDate(locale, data.deadline),
            })}
          </p>
        ) : null}
      </header>

      {data.counts ? (
        <aside className="space-y-4 lg:col-start-2 lg:row-start-2">
          <CountPanel
            locale={locale}
            confirmed={counts.confirmed}
            goal={data.goal}
            updatedAt={counts.updatedAt}
            live={data.status === "open"}
            paper={(counts.tiers ?? data.counts.tiers).paper}
          />
          {data.witnessed ? <WitnessNote locale={locale} {...data.witnessed} /> : null}
          {actionData?.rateLimited ? (
            <div role="alert" className="card border-red-700 bg-red-50">
              <h2 className="font-bold">{t("rateLimited.title")}</h2>
              <p>{t("rateLimited.body")}</p>
            </div>
          ) : null}
          {data.canSign ? (
            <SignForm
              locale={locale}
              action={`/${locale}/p/${data.slug}`}
              errors={actionData?.errors}
              values={actionData?.values}
              started={data.started}
              heading={data.kind === "statement" ? t("endorse.title") : undefined}
              submitLabel={data.kind === "statement" ? t("endorse.submit") : undefined}
              wording={data.kind === "statement" ? "statement" : undefined}
            />
          ) : (
            <p className="card font-medium">{t(data.kind === "statement" ? "endorse.closed" : "sign.closed")}</p>
          )}
          <ShareLinks
            locale={locale}
            slug={data.slug}
            title={data.title}
            confirmed={counts.confirmed}
            publicUrl={data.publicUrl}
            wording={data.kind === "statement" ? "statement" : undefined}
          />
        </aside>
      ) : null}

      <div className="min-w-0 space-y-6 lg:col-start-1 lg:row-start-2">
        {data.response ? <ResponsePanel locale={locale} response={data.response} /> : null}
        <section
          aria-label={t("publication.text")}
          className="card"
          lang={data.textLocale !== locale ? data.textLocale : undefined}
        >
          <div className="prose-dauys" dangerouslySetInnerHTML={{ __html: data.bodyHtml }} />
        </section>
        {data.signable || data.versions.length > 1 || data.versions[0]?.minorEdits ? (
          <VersionPanel
            locale={locale}
            slug={data.slug}
            current={data.version}
            versions={data.versions}
            signable={data.signable}
          />
        ) : null}
        <ReportData
          locale={locale}
          slug={data.slug}
          tables={data.reportTables}
          chartHref={(table, column) =>
            `/${locale}/p/${data.slug}?table=${table + 1}&column=${column}#report-table-${table + 1}`
          }
        />
        {data.history ? <HistoryChart locale={locale} slug={data.slug} points={data.history} /> : null}
        {data.counts ? (
          <RegionBreakdown
            locale={locale}
            figures={counts.regions.length ? counts.regions : data.counts.regions}
            mode={data.mapMode}
            modeHref={(mode) => `/${locale}/p/${data.slug}${mode === "per10k" ? "?map=per10k" : ""}#regions-heading`}
          />
        ) : null}
        {data.counts && data.kind === "petition" ? (
          <ThresholdPanel locale={locale} confirmed={counts.confirmed} figures={counts.regions} />
        ) : null}
        {data.updates.length ? <PublicUpdates locale={locale} slug={data.slug} updates={data.updates} /> : null}
        {data.canSign ? <SheetDownload locale={locale} slug={data.slug} /> : null}
        {data.paperBatches.length ? <PaperBatches locale={locale} batches={data.paperBatches} /> : null}
        {data.counts ? (
          <TierPanel
            locale={locale}
            slug={data.slug}
            tiers={counts.tiers ?? data.counts.tiers}
            removedByReason={counts.removedByReason ?? data.counts.removedByReason}
          />
        ) : null}
        {data.counts ? <SharePanel locale={locale} slug={data.slug} publicUrl={data.publicUrl} /> : null}
        {data.ledger ? (
          <LedgerPanel
            locale={locale}
            slug={data.slug}
            seq={data.ledger.seq}
            hash={data.ledger.hash}
            publicUrl={data.publicUrl}
          />
        ) : null}
        {data.signers ? (
          <PublicSigners
            locale={locale}
            signers={data.signers.list}
            page={data.signers.page}
            hasMore={data.signers.hasMore}
            basePath={`/${locale}/p/${data.slug}`}
          />
        ) : null}
      </div>
    </article>
  );
}
