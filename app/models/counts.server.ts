// Published counts come from the counter rows, never from COUNT(*) over signatures.
import { regionCodes } from "~/data/regions.ts";
import { db } from "~/db.server.ts";

export type RegionFigure = { code: string; confirmed: number };
export type Counts = { confirmed: number; regions: RegionFigure[]; updatedAt: Date };

/** Counts of one petition: all 21 buckets, in the fixed order of regionCodes. */
export async function getCounts(publicationId: string, publishedAt?: Date | null): Promise<Counts> {
  const rows = await db().regionCount.findMany({ where: { publicationId }, select: { region: true, confirmed: true, updatedAt: true } });
  const byRegion = new Map(rows.map((row) => [row.region, row.confirmed]));
  const regions = regionCodes.map((code) => ({ code, confirmed: byRegion.get(code) ?? 0 }));
  const confirmed = regions.reduce((sum, region) => sum + region.confirmed, 0);
  const latest = rows.reduce<Date | null>((max, row) => (!max || row.updatedAt > max ? row.updatedAt : max), null);
  return { confirmed, regions, updatedAt: latest ?? publishedAt ?? new Date(0) };
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
