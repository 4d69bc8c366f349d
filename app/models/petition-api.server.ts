// The public JSON views of petitions. No personal data: only slugs, texts, goals and counts.
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import { getCounts, getTotals, type Counts } from "~/models/counts.server.ts";
import { ledgerHead } from "~/models/ledger.server.ts";
import { publicStatuses } from "~/models/publication.server.ts";

const urls = (slug: string) => ({
  kk: `${config().publicUrl}/kk/p/${encodeURIComponent(slug)}`,
  ru: `${config().publicUrl}/ru/p/${encodeURIComponent(slug)}`,
});

export async function petitionList() {
  const rows = await db().publication.findMany({
    where: { kind: "petition", status: { in: [...publicStatuses] } },
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }],
    take: 500,
    select: { id: true, slug: true, kind: true, status: true, titleKk: true, titleRu: true, goal: true },
  });
  const totals = await getTotals(rows.map((row) => row.id));
  return {
    petitions: rows.map((row) => ({
      slug: row.slug,
      kind: row.kind,
      status: row.status,
      title: { kk: row.titleKk, ru: row.titleRu },
      confirmed: totals.get(row.id) ?? 0,
      goal: row.goal,
      url: urls(row.slug),
    })),
  };
}

export async function petitionDetail(slug: string) {
  const row = await db().publication.findFirst({
    where: { slug, kind: "petition", status: { in: [...publicStatuses] } },
    select: { id: true, slug: true, kind: true, status: true, titleKk: true, titleRu: true, goal: true, deadline: true, publishedAt: true },
  });
  if (!row) return null;
  const [counts, head] = await Promise.all([getCounts(row.id, row.publishedAt), ledgerHead(row.id)]);
  return {
    id: row.id,
    body: {
      slug: row.slug,
      kind: row.kind,
      status: row.status,
      title: { kk: row.titleKk, ru: row.titleRu },
      goal: row.goal,
      deadline: row.deadline?.toISOString() ?? null,
      ...countsJson(counts),
      ledger: { seq: head.seq, hash: head.hash, url: `${config().publicUrl}/api/v1/petitions/${encodeURIComponent(row.slug)}/ledger` },
      url: urls(row.slug),
    },
  };
}

/** The count part of the JSON (also sent on the live stream): every tier apart, never blended. */
export function countsJson(counts: Counts) {
  return {
    confirmed: counts.confirmed,
    tiers: counts.totals,
    regions: counts.regions,
    removedByReason: counts.removedByReason,
    updatedAt: counts.updatedAt.toISOString(),
  };
}
