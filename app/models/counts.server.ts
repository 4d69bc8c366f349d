// Published counts come from the counter rows, never from COUNT(*) over signatures.
import { regionCodes } from "~/data/regions.ts";
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import type { RawSql } from "~/lib/raw-sql.server.ts";

export const tiers = ["confirmed", "pending", "held", "withdrawn", "removed", "paper"] as const;
export type Tier = (typeof tiers)[number];
export type TierFigures = Record<Tier, number>;
export type RegionFigure = { code: string } & TierFigures;
export type Counts = {
  confirmed: number;
  totals: TierFigures;
  regions: RegionFigure[];
  removedByReason: { reason: string; removed: number }[];
  updatedAt: Date;
};

const zero = (): TierFigures => ({ confirmed: 0, pending: 0, held: 0, withdrawn: 0, removed: 0, paper: 0 });

/** Counts of one petition: all 21 buckets in the fixed order of regionCodes, every tier apart. */
export async function getCounts(
  publicationId: string,
  publishedAt?: Date | null,
  client: Pick<ReturnType<typeof db>, "regionCount" | "removalCount"> = db(),
): Promise<Counts> {
  const [rows, removals] = await Promise.all([
    client.regionCount.findMany({
      where: { publicationId },
      select: {
        region: true,
        confirmed: true,
        pending: true,
        held: true,
        withdrawn: true,
        removed: true,
        paper: true,
        updatedAt: true,
      },
    }),
    client.removalCount.findMany({
      where: { publicationId, removed: { gt: 0 } },
      select: { reason: true, removed: true },
      orderBy: { reason: "asc" },
    }),
  ]);
  const byRegion = new Map(rows.map((row) => [row.region, row]));
  const totals = zero();
  const regions = regionCodes.map((code) => {
    const row = byRegion.get(code);
    const figures = zero();
    for (const tier of tiers) {
      figures[tier] = row?.[tier] ?? 0;
      totals[tier] += figures[tier];
    }
    return { code, ...figures };
  });
  const latest = rows.reduce<Date | null>((max, row) => (!max || row.updatedAt > max ? row.updatedAt : max), null);
  return {
    confirmed: totals.confirmed,
    totals,
    regions,
    removedByReason: removals,
    updatedAt: latest ?? publishedAt ?? new Date(0),
  };
}

/** Confirmed totals for many petitions at once (lists). */
export async function getTotals(publicationIds: string[]): Promise<Map<string, number>> {
  if (publicationIds.length === 0) return new Map();
  const sums = await db().regionCount.groupBy({
    by: ["publicationId"],
    where: { publicationId: { in: publicationIds } },
    _sum: { confirmed: true },
  });
  return new Map(sums.map((row) => [row.publicationId, row._sum.confirmed ?? 0]));
}

type Tx = Pick<ReturnType<typeof db>, "regionCount" | "removalCount">;

/** Moves signatures between tiers of one region, e.g. { pending: -1, confirmed: +1 }. */
export async function moveCounts(tx: Tx, publicationId: string, region: string, change: Partial<TierFigures>) {
  const data = Object.fromEntries(
    Object.entries(change)
      .filter(([, by]) => by !== 0)
      .map(([tier, by]) => [tier, { increment: by }]),
  );
  if (Object.keys(data).length === 0) return;
  await tx.regionCount.update({ where: { publicationId_region: { publicationId, region } }, data });
}

/** moveCounts in one raw statement (fast paths, app/lib/raw-sql.server.ts); the row must exist. */
export async function moveCountsRaw(sql: RawSql, publicationId: string, region: string, change: Partial<TierFigures>) {
  const moves = tiers.filter((tier) => (change[tier] ?? 0) !== 0);
  if (moves.length === 0) return;
  const set = moves.map((tier) => `"${tier}" = "${tier}" + ?`).join(", ");
  const changed = await sql.run(
    `UPDATE "RegionCount" SET ${set}, "updatedAt" = ? WHERE "publicationId" = ? AND "region" = ?`,
    [...moves.map((tier) => change[tier]), new Date(), publicationId, region],
  );
  if (changed !== 1) throw new Error(`no counter row for ${publicationId}/${region}`);
}

export async function moveRemovalCount(tx: Tx, publicationId: string, reason: string, by: number) {
  await tx.removalCount.upsert({
    where: { publicationId_reason: { publicationId, reason } },
    create: { publicationId, reason, removed: by },
    update: { removed: { increment: by } },
  });
}

/**
 * Counts and the ledger head read as of one moment, so a published figure always matches the
 * head it cites (PostgreSQL: one repeatable-read snapshot; SQLite: one transaction).
 */
export async function getCountsWithHead(publicationId: string, publishedAt?: Date | null) {
  const { ledgerHead } = await import("~/models/ledger.server.ts");
  return db().$transaction(
    async (tx) => {
      const counts = await getCounts(publicationId, publishedAt, tx);
      const head = await ledgerHead(publicationId, tx);
      return { counts, head };
    },
    // Typed against the SQLite client, which only knows Serializable; PostgreSQL gets RepeatableRead.
    { isolationLevel: (config().database === "postgres" ? "RepeatableRead" : "Serializable") as "Serializable" },
  );
}
