// Operator actions on single signatures, addressed by receipt (what a signer or a report
// quotes). The organizer workspace will add search and bulk actions on top of these.
import { db } from "~/db.server.ts";
import { moderateSignature, removalReasons } from "~/models/signature.server.ts";
export { moderateSignature, removalReasons };

export type ModerationAction = "remove" | "restore" | "release";

export async function moderateByReceipt(input: { receipt: string; action: ModerationAction; reason?: string }) {
  if (input.action === "remove" && !removalReasons.includes(input.reason as (typeof removalReasons)[number])) {
    throw new Error(`reason must be one of: ${removalReasons.join(", ")}`);
  }
  const signature = await db().signature.findUnique({ where: { receipt: input.receipt }, select: { id: true } });
  if (!signature) return false;
  return moderateSignature({ signatureId: signature.id, action: input.action, reason: input.reason as (typeof removalReasons)[number] });
}

const HOUR = 3_600_000;
export const TRENDING_MIN_PER_HOUR = 20;
export const TRENDING_FACTOR = 5;

/**
 * Signatures per email domain in the last hour against the hourly average of the 24 hours
 * before: a sudden wave from one domain is worth a look. Domains only, never addresses.
 */
export async function trendingDomains(publicationIds: string[] | "all", now = Date.now()) {
  const scope = publicationIds === "all" ? {} : { publicationId: { in: publicationIds } };
  const [recent, before] = await Promise.all([
    db().signature.groupBy({ by: ["emailDomain"], where: { ...scope, createdAt: { gte: new Date(now - HOUR) } }, _count: { _all: true } }),
    db().signature.groupBy({ by: ["emailDomain"], where: { ...scope, createdAt: { gte: new Date(now - 25 * HOUR), lt: new Date(now - HOUR) } }, _count: { _all: true } }),
  ]);
  const usual = new Map(before.map((row) => [row.emailDomain, row._count._all / 24]));
  return recent
    .map((row) => {
      const lastHour = row._count._all;
      const perHour = usual.get(row.emailDomain) ?? 0;
      return { domain: row.emailDomain, lastHour, usualPerHour: Math.round(perHour * 10) / 10, trending: lastHour >= TRENDING_MIN_PER_HOUR && lastHour >= TRENDING_FACTOR * perHour };
    })
    .sort((a, b) => Number(b.trending) - Number(a.trending) || b.lastHour - a.lastHour)
    .slice(0, 20);
}

/** Signatures held by an abuse rule, awaiting review. No names or addresses: rule, region, time. */
export async function heldSignatures(publicationIds: string[] | "all") {
  return db().signature.findMany({
    where: { status: "held", ...(publicationIds === "all" ? {} : { publicationId: { in: publicationIds } }) },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, receipt: true, region: true, flag: true, createdAt: true, publication: { select: { slug: true, organizationId: true } } },
  });
}
