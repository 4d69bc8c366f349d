// Published counts come from the counter rows, never from COUNT(*) over signatures.
import { regionCodes } from "~/data/regions.ts";
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import type { RawSql } from "~/lib/raw-sql.server.ts";

import { tiers, type TierFigures } from "~/models/signature-states.ts";
export { type TierFigures } from "~/models/signature-states.ts";
type RegionFigure = { code: string } & TierFigures;
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

export type CountMove = { publicationId: string; region: string; change: Partial<TierFigures> };

/**
 * The only writer of tier counters: adds every move up per petition and region, then changes
 * each counter row once, in a fixed order (two transactions never wait for each other in a
 * circle). Inside the caller's transaction, after the ledger entries that record the moves.
 * Every petition has all 21 rows from the start; a missing row is an error, not a new row.
 */
export async function moveCounts(sql: RawSql, moves: CountMove[]) {
  const sums = new Map<string, { publicationId: string; region: string; change: Partial<TierFigures> }>();
  for (const { publicationId, region, change } of moves) {
    const key = `${publicationId}\u0000${region}`;
    const sum = sums.get(key) ?? { publicationId, region, change: {} };
    for (const tier of tiers) if (change[tier]) sum.change[tier] = (sum.change[tier] ?? 0) + change[tier]!;
    sums.set(key, sum);
  }
  const now = new Date();
  for (const key of [...sums.keys()].sort()) {
    const { publicationId, region, change } = sums.get(key)!;
    const moved = tiers.filter((tier) => (change[tier] ?? 0) !== 0);
    if (moved.length === 0) continue;
    const set = moved.map((tier) => `"${tier}" = "${tier}" + ?`).join(", ");
    const changed = await sql.run(
      `UPDATE "RegionCount" SET ${set}, "updatedAt" = ? WHERE "publicationId" = ? AND "region" = ?`,
      [...moved.map((tier) => change[tier]), now, publicationId, region],
    );
    if (changed !== 1) throw new Error(`no counter row for ${publicationId}/${region}`);
  }
}

/** Removed signatures per petition and reason, moved with the removals and restores themselves. */
export async function moveRemovalCounts(
  sql: RawSql,
  moves: Array<{ publicationId: string; reason: string; by: number }>,
) {
  const sums = new Map<string, number>();
  for (const { publicationId, reason, by } of moves) {
    const key = `${publicationId}\u0000${reason}`;
    sums.set(key, (sums.get(key) ?? 0) + by);
  }
  for (const key of [...sums.keys()].sort()) {
    const by = sums.get(key)!;
    if (by === 0) continue;
    const [publicationId, reason] = key.split("\u0000");
    await sql.run(
      `INSERT INTO "RemovalCount" ("publicationId", "reason", "removed") VALUES (?, ?, ?)
       ON CONFLICT ("publicationId", "reason") DO UPDATE SET "removed" = "RemovalCount"."removed" + excluded."removed"`,
      [publicationId, reason, by],
    );
  }
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
