// The public JSON views of petitions. No personal data: only slugs, texts, goals and counts.
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import type {
  ListQuery as ListQueryString,
  LiveCounts,
  PetitionDetail,
  PetitionList,
  PetitionVersions,
  RejectedPetition,
} from "~/models/api-contract.server.ts";
import { rejectedPetitions } from "~/models/citizen.server.ts";
import { getCountsWithHead, getTotals, type Counts } from "~/models/counts.server.ts";
import { publicStatuses, signableWhere } from "~/models/publication.server.ts";
import { editSummary, textHistory } from "~/models/text-versions.server.ts";

const urls = (slug: string) => ({
  kk: `${config().publicUrl}/kk/p/${encodeURIComponent(slug)}`,
  ru: `${config().publicUrl}/ru/p/${encodeURIComponent(slug)}`,
});

export type ListQuery = Omit<ListQueryString, "per_page"> & { perPage: number };
type Summary = Exclude<PetitionList["petitions"][number], RejectedPetition>;

/**
 * Petitions with their confirmed totals. Sorting by count or trend needs every petition's figures,
 * which come from counter rows and the last hour of the ledger, never from signatures.
 */
export async function petitionList(query: ListQuery = { sort: "newest", page: 1, perPage: 50 }): Promise<PetitionList> {
  if (query.status === "rejected") return rejectedList(query);
  const rows = await db().publication.findMany({
    where: { ...signableWhere, status: query.status ? query.status : { in: [...publicStatuses] } },
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }],
    take: 5_000,
    select: {
      id: true,
      slug: true,
      kind: true,
      status: true,
      titleKk: true,
      titleRu: true,
      goal: true,
      deadline: true,
      publishedAt: true,
      origin: true,
      citizen: { select: { showName: true, creatorName: true } },
    },
  });
  const ids = rows.map((row) => row.id);
  const [totals, trend] = await Promise.all([
    getTotals(ids),
    query.sort === "trending" ? lastHourConfirmations(ids) : Promise.resolve(new Map<string, number>()),
  ]);
  const items = rows.map((row) => ({
    slug: row.slug,
    // The query selects only signable kinds and public statuses.
    kind: row.kind as Summary["kind"],
    status: row.status as Summary["status"],
    ...originJson(row),
    title: { kk: row.titleKk, ru: row.titleRu },
    confirmed: totals.get(row.id) ?? 0,
    ...(query.sort === "trending" ? { lastHour: trend.get(row.id) ?? 0 } : {}),
    goal: row.goal,
    deadline: row.deadline?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    url: urls(row.slug),
  }));
  if (query.sort === "signed") items.sort((a, b) => b.confirmed - a.confirmed);
  if (query.sort === "trending")
    items.sort((a, b) => (b.lastHour ?? 0) - (a.lastHour ?? 0) || b.confirmed - a.confirmed);
  const start = (query.page - 1) * query.perPage;
  return {
    petitions: items.slice(start, start + query.perPage),
    page: query.page,
    perPage: query.perPage,
    total: items.length,
  };
}

/**
 * Who started a petition: an organization, or a citizen (decision 040) whose name is given only
 * if they agreed to show it; never their address.
 */
function originJson(row: { origin: string; citizen: { showName: boolean; creatorName: string } | null }) {
  return row.origin === "citizen"
    ? { origin: "citizen" as const, creator: { name: row.citizen?.showName ? row.citizen.creatorName : null } }
    : { origin: "organization" as const, creator: null };
}

/** Rejected citizen petitions with their reason (the words hidden where the reason requires). */
async function rejectedList(query: ListQuery): Promise<PetitionList> {
  const items = (await rejectedPetitions(5_000)).map((item): RejectedPetition => ({
    slug: item.slug,
    kind: "petition",
    status: "rejected",
    origin: "citizen",
    title: item.title,
    rejection: {
      reason: item.reason,
      rejectedAt: item.rejectedAt,
      note: item.note,
      duplicateOf: item.duplicateOf ? { slug: item.duplicateOf.slug, url: urls(item.duplicateOf.slug) } : null,
    },
  }));
  const start = (query.page - 1) * query.perPage;
  return {
    petitions: items.slice(start, start + query.perPage),
    page: query.page,
    perPage: query.perPage,
    total: items.length,
  };
}

async function lastHourConfirmations(publicationIds: string[]) {
  const groups = await db().ledgerEntry.groupBy({
    by: ["publicationId"],
    where: {
      publicationId: { in: publicationIds },
      type: "confirm",
      minute: { gte: new Date(Date.now() - 3_600_000) },
    },
    _sum: { amount: true },
  });
  return new Map(groups.map((group) => [group.publicationId, group._sum.amount ?? 0]));
}

/** The published petition behind a slug, for the resource routes. */
export async function findPublicPetition(slug: string) {
  return db().publication.findFirst({
    where: { slug, ...signableWhere, status: { in: [...publicStatuses] } },
    select: {
      id: true,
      slug: true,
      kind: true,
      status: true,
      titleKk: true,
      titleRu: true,
      goal: true,
      deadline: true,
      publishedAt: true,
    },
  });
}

export async function petitionDetail(
  slug: string,
): Promise<{ id: string; updatedAt: Date; body: PetitionDetail } | null> {
  const row = await db().publication.findFirst({
    where: { slug, ...signableWhere, status: { in: [...publicStatuses] } },
    select: {
      id: true,
      slug: true,
      kind: true,
      status: true,
      titleKk: true,
      titleRu: true,
      goal: true,
      deadline: true,
      publishedAt: true,
      updatedAt: true,
      version: true,
      addresseeKk: true,
      addresseeRu: true,
      respondedAt: true,
      responseUrl: true,
      origin: true,
      citizen: { select: { showName: true, creatorName: true } },
    },
  });
  if (!row) return null;
  const [{ counts, head }, edited] = await Promise.all([
    getCountsWithHead(row.id, row.publishedAt),
    editSummary(row.id, row.version),
  ]);
  return {
    id: row.id,
    // Changes of the text, status or deadline count as modifications too.
    updatedAt: counts.updatedAt > row.updatedAt ? counts.updatedAt : row.updatedAt,
    body: {
      slug: row.slug,
      kind: row.kind as PetitionDetail["kind"],
      status: row.status as PetitionDetail["status"],
      ...originJson(row),
      title: { kk: row.titleKk, ru: row.titleRu },
      goal: row.goal,
      deadline: row.deadline?.toISOString() ?? null,
      publishedAt: row.publishedAt?.toISOString() ?? null,
      version: row.version,
      // Minor edits change a version's text without a new number: journalists see each one.
      minorEdits: edited.minorEdits,
      edits: edited.edits,
      versionsUrl: `${config().publicUrl}/api/v1/petitions/${encodeURIComponent(row.slug)}/versions`,
      response: {
        state: row.respondedAt
          ? "answered"
          : row.kind === "petition" && (row.addresseeKk || row.addresseeRu)
            ? "awaiting"
            : "none",
        respondedAt: row.respondedAt?.toISOString() ?? null,
        url: row.respondedAt ? row.responseUrl : null,
      },
      ...countsJson(counts),
      ledger: {
        seq: head.seq,
        hash: head.hash,
        url: `${config().publicUrl}/api/v1/petitions/${encodeURIComponent(row.slug)}/ledger`,
      },
      url: urls(row.slug),
    },
  };
}

/** The count part of the JSON (also sent on the live stream): every tier apart, never blended. */
export function countsJson(counts: Counts): LiveCounts {
  return {
    confirmed: counts.confirmed,
    tiers: counts.totals,
    regions: counts.regions,
    removedByReason: counts.removedByReason as LiveCounts["removedByReason"],
    updatedAt: counts.updatedAt.toISOString(),
  };
}

/**
 * Every text version of a petition as published, with each minor edit made to it afterwards
 * (before and after of every changed field) and the confirmed signatures given on each version.
 */
export async function petitionVersions(publication: { id: string; slug: string }): Promise<PetitionVersions> {
  const history = await textHistory(publication.id);
  const both = (texts: {
    titleKk: string;
    titleRu: string;
    summaryKk: string;
    summaryRu: string;
    bodyKk: string;
    bodyRu: string;
  }) => ({
    title: { kk: texts.titleKk, ru: texts.titleRu },
    summary: { kk: texts.summaryKk, ru: texts.summaryRu },
    body: { kk: texts.bodyKk, ru: texts.bodyRu },
  });
  return {
    slug: publication.slug,
    current: history.at(-1)?.number ?? 1,
    versions: history.map((version) => ({
      number: version.number,
      publishedAt: version.createdAt.toISOString(),
      note: { kk: version.noteKk, ru: version.noteRu },
      confirmed: version.confirmed,
      text: both(version.published),
      minorEdits: version.minorEdits,
      edits: version.edits.map((edit) => ({
        seq: edit.seq,
        editedAt: edit.createdAt.toISOString(),
        changes: edit.fields.map((field) => ({
          field,
          before: edit.before[field] ?? "",
          after: edit.after[field] ?? "",
        })),
      })),
      textAfterEdits: both(version.final),
    })),
  };
}

/** The response document of a published petition: its SHA-256 and size, or null. */
export async function findResponseDocument(slug: string) {
  const row = await db().publication.findFirst({
    where: { slug, kind: "petition", status: { in: [...publicStatuses] }, respondedAt: { not: null } },
    select: { slug: true, responseDocSha256: true, responseDocBytes: true },
  });
  return row?.responseDocSha256 ? { slug: row.slug, sha256: row.responseDocSha256 } : null;
}
