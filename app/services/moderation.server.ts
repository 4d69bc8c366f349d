// Operator actions on single signatures, addressed by receipt (what a signer or a report
// quotes), and the organizer workspace's search and bulk actions by condition.
import { createHash } from "node:crypto";
import { z } from "zod";
import { config } from "~/config.server.ts";
import { isRegionCode } from "~/data/regions.ts";
import { db, type Prisma } from "~/db.server.ts";
import { UTC_OFFSET_HOURS } from "~/lib/format.ts";
import { rawTransaction } from "~/lib/raw-sql.server.ts";
import { audit, type AuditEntry } from "~/models/audit.server.ts";
import { BULK_LIMIT, conditionStatuses, flagRules, removalReasons } from "~/lib/moderation-options.ts";
import { moveSignatures, signatureRefs } from "~/models/signature.server.ts";
import { announceCountChange } from "~/models/count-changes.server.ts";

export type ModerationAction = "remove" | "restore" | "release";

export async function moderateByReceipt(input: { receipt: string; action: ModerationAction; reason?: string }) {
  if (input.action === "remove" && !removalReasons.includes(input.reason as (typeof removalReasons)[number])) {
    throw new Error(`reason must be one of: ${removalReasons.join(", ")}`);
  }
  const signature = await db().signature.findUnique({
    where: { receipt: input.receipt },
    select: { id: true, publication: { select: { slug: true, organizationId: true } } },
  });
  if (!signature) return false;
  // From a shell (npm run moderate) there is no signed-in user: the audit entry says so.
  const moved = await moderate({
    ids: [signature.id],
    action: input.action,
    reason: input.reason,
    audit: (count) =>
      count === 1
        ? {
            userId: null,
            organizationId: signature.publication.organizationId,
            action: `signature.${input.action}`,
            target: signature.publication.slug,
            details: { receipt: input.receipt, reason: input.reason ?? null, via: "shell" },
          }
        : null,
  });
  return moved === 1;
}

/**
 * Moves signatures by id through the one writer, with the audit entry (told how many moved) in
 * the same transaction; returns how many moved.
 */
export async function moderate(input: {
  ids: string[];
  action: ModerationAction;
  reason?: string;
  audit?: (moved: number) => AuditEntry | null;
}) {
  const moved = await rawTransaction(async (sql) => {
    const refs = await signatureRefs(sql, input.ids);
    const done = await moveSignatures(
      sql,
      refs.map((signature) => ({ signature, action: input.action })),
      { reason: input.reason },
    );
    const entry = input.audit?.(done.length);
    if (entry) await audit(entry, sql);
    return done;
  });
  for (const publicationId of new Set(moved.map((move) => move.publicationId)))
    await announceCountChange(publicationId);
  return moved.length;
}

const HOUR = 3_600_000;
const TRENDING_MIN_PER_HOUR = 20;
const TRENDING_FACTOR = 5;

/**
 * Signatures per email domain in the last hour against the hourly average of the 24 hours
 * before: a sudden wave from one domain is worth a look. Domains only, never addresses.
 */
export async function trendingDomains(publicationIds: string[] | "all", now = Date.now()) {
  const scope = publicationIds === "all" ? {} : { publicationId: { in: publicationIds } };
  const [recent, before] = await Promise.all([
    db().signature.groupBy({
      by: ["emailDomain"],
      where: { ...scope, createdAt: { gte: new Date(now - HOUR) } },
      _count: { _all: true },
    }),
    db().signature.groupBy({
      by: ["emailDomain"],
      where: { ...scope, createdAt: { gte: new Date(now - 25 * HOUR), lt: new Date(now - HOUR) } },
      _count: { _all: true },
    }),
  ]);
  const usual = new Map(before.map((row) => [row.emailDomain, row._count._all / 24]));
  return recent
    .map((row) => {
      const lastHour = row._count._all;
      const perHour = usual.get(row.emailDomain) ?? 0;
      return {
        domain: row.emailDomain,
        lastHour,
        usualPerHour: Math.round(perHour * 10) / 10,
        trending: lastHour >= TRENDING_MIN_PER_HOUR && lastHour >= TRENDING_FACTOR * perHour,
      };
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
    select: {
      id: true,
      receipt: true,
      region: true,
      flag: true,
      createdAt: true,
      publicationId: true,
      publication: { select: { slug: true, organizationId: true } },
    },
  });
}

// ——— Moderation by condition ———————————————————————————————————————————————————————————————
// One condition (domain, region, time window, status, flag, IP hash) becomes one Prisma `where`,
// used by the preview and by the bulk action alike, so an action touches exactly what was shown.

/** The abuse rules that can flag a signature (app/services/abuse.server.ts). */

const blank = (value: unknown) => (typeof value === "string" ? value.trim() : "");
// datetime-local values, read as Kazakhstan time (UTC+5, the time the pages show).
const localTime = z
  .string()
  .regex(/^$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "badTime")
  .transform((value, context) => {
    if (!value) return null;
    const at = new Date(`${value.length === 16 ? `${value}:00` : value}+0${UTC_OFFSET_HOURS}:00`);
    if (Number.isNaN(at.getTime())) {
      context.addIssue({ code: "custom", message: "badTime" });
      return z.NEVER;
    }
    return at;
  });

const conditionSchema = z
  .object({
    domain: z.preprocess(
      (value) => blank(value).toLowerCase().replace(/^@/, ""),
      z
        .string()
        .max(253, "badDomain")
        .regex(/^$|^[\p{L}\p{N}.-]+$/u, "badDomain"),
    ),
    region: z.preprocess(
      blank,
      z.string().refine((value) => value === "" || isRegionCode(value), "badRegion"),
    ),
    from: z.preprocess(blank, localTime),
    to: z.preprocess(blank, localTime),
    status: z.preprocess(blank, z.enum(["", ...conditionStatuses], { error: "badStatus" })),
    flag: z.preprocess(
      (value) => blank(value) || "any",
      z.enum(["any", "none", "flagged", ...flagRules], { error: "badFlag" }),
    ),
    // Keyed IP hashes are 32 base64url characters (lib/tokens.server.ts keyedHash); a prefix of 4+ narrows.
    ip: z.preprocess(blank, z.string().regex(/^$|^[A-Za-z0-9_-]{4,32}$/, "badIp")),
  })
  .refine((value) => !value.from || !value.to || value.from < value.to, { message: "badWindow", path: ["to"] });

export type Condition = z.output<typeof conditionSchema>;
type ConditionField = keyof Condition;

/** A submitted condition (query string or form): the values, or one error key per bad field. */
export function parseCondition(input: Record<string, unknown>) {
  const result = conditionSchema.safeParse(input);
  if (result.success) return { ok: true as const, condition: result.data };
  const errors: Partial<Record<ConditionField, string>> = {};
  for (const issue of result.error.issues) errors[(issue.path[0] as ConditionField) ?? "domain"] ??= issue.message;
  return { ok: false as const, errors };
}

/** True when the condition narrows anything at all (bulk actions need at least one narrowing). */
export const isNarrowed = (condition: Condition) =>
  Boolean(
    condition.domain ||
    condition.region ||
    condition.from ||
    condition.to ||
    condition.status ||
    condition.flag !== "any" ||
    condition.ip,
  );

/** The condition as query-string fields, for links and hidden form fields. */
export function conditionFields(condition: Condition, raw: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of ["domain", "region", "from", "to", "status", "flag", "ip"] as const) {
    const value = key === "from" || key === "to" ? blank(raw[key]) : String(condition[key] ?? "");
    if (value && !(key === "flag" && value === "any")) fields[key] = value;
  }
  return fields;
}

function conditionWhere(publicationId: string, condition: Condition): Prisma.SignatureWhereInput {
  const createdAt =
    condition.from || condition.to
      ? { ...(condition.from ? { gte: condition.from } : {}), ...(condition.to ? { lt: condition.to } : {}) }
      : undefined;
  const flag =
    condition.flag === "any"
      ? undefined
      : condition.flag === "none"
        ? null
        : condition.flag === "flagged"
          ? { not: null }
          : condition.flag;
  return {
    publicationId,
    ...(condition.domain ? { emailDomain: condition.domain } : {}),
    ...(condition.region ? { region: condition.region } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(condition.status ? { status: condition.status } : {}),
    ...(flag !== undefined ? { flag } : {}),
    ...(condition.ip ? { ipHash: condition.ip.length === 32 ? condition.ip : hashPrefix(condition.ip) } : {}),
  };
}

// SQLite's LIKE (Prisma's startsWith there) ignores case, and these hashes are case-sensitive: on
// SQLite a byte-wise range ("~" sorts after every base64url character); PostgreSQL's LIKE is exact.
const hashPrefix = (prefix: string) =>
  config().database === "postgres" ? { startsWith: prefix } : { gte: prefix, lt: `${prefix}~` };

/** Identifies the exact set (ids and statuses) a preview showed; the action must see the same. */
async function fingerprint(where: Prisma.SignatureWhereInput) {
  const rows = await db().signature.findMany({
    where,
    orderBy: { id: "asc" },
    take: BULK_LIMIT + 1,
    select: { id: true, status: true },
  });
  const hash = createHash("sha256");
  for (const row of rows) hash.update(`${row.id}:${row.status}\n`);
  return { count: rows.length, fingerprint: hash.digest("hex").slice(0, 32) };
}

const IP_PREFIX = 8;

/**
 * What a condition matches: the count, breakdowns, and a sample. Pseudonymous only: receipts,
 * regions, domains and IP-hash prefixes; never an address, a name or an IP.
 */
export async function previewCondition(publicationId: string, condition: Condition) {
  const where = conditionWhere(publicationId, condition);
  const [count, byRegion, byStatus, domains, ips, sample] = await Promise.all([
    db().signature.count({ where }),
    db().signature.groupBy({ by: ["region"], where, _count: { _all: true } }),
    db().signature.groupBy({ by: ["status"], where, _count: { _all: true } }),
    db().signature.groupBy({
      by: ["emailDomain"],
      where,
      _count: { emailDomain: true },
      orderBy: { _count: { emailDomain: "desc" } },
      take: 10,
    }),
    db().signature.groupBy({
      by: ["ipHash"],
      where: { AND: [where, { ipHash: { not: null } }] },
      _count: { ipHash: true },
      orderBy: { _count: { ipHash: "desc" } },
      take: 20_000,
    }),
    db().signature.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 50,
      select: {
        receipt: true,
        region: true,
        emailDomain: true,
        createdAt: true,
        flag: true,
        status: true,
        removedReason: true,
      },
    }),
  ]);
  const prefixes = new Map<string, number>();
  for (const row of ips) {
    const prefix = row.ipHash!.slice(0, IP_PREFIX);
    prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + row._count.ipHash);
  }
  const set = count <= BULK_LIMIT ? await fingerprint(where) : null;
  return {
    count,
    // The set the action will be checked against; null when too large to act on at once.
    fingerprint: set && set.count === count ? set.fingerprint : null,
    byRegion: byRegion
      .map((row) => ({ region: row.region, count: row._count._all }))
      .sort((a, b) => b.count - a.count || a.region.localeCompare(b.region)),
    byStatus: byStatus.map((row) => ({ status: row.status, count: row._count._all })).sort((a, b) => b.count - a.count),
    domains: domains.map((row) => ({ domain: row.emailDomain, count: row._count.emailDomain })),
    ipPrefixes: [...prefixes]
      .map(([prefix, n]) => ({ prefix, count: n }))
      .sort((a, b) => b.count - a.count || a.prefix.localeCompare(b.prefix))
      .slice(0, 10),
    sample,
  };
}

export type BulkAction = "remove" | "restore" | "release";
export type RemovalReason = (typeof removalReasons)[number];
export type BulkResult =
  | { outcome: "changed"; count: number }
  | { outcome: "too-many"; count: number }
  | { outcome: "done"; matched: number; changed: number; skipped: number };

/**
 * Removes, restores or releases every signature the condition matches, if the set is still the
 * one previewed (same count and fingerprint). Each signature moves through moveSignatures, the
 * same writer as every other change of state; signatures the action does not apply to (e.g.
 * releasing a confirmed one) are skipped and reported.
 */
export async function bulkModerate(input: {
  publicationId: string;
  condition: Condition;
  action: BulkAction;
  reason?: RemovalReason;
  expectedCount: number;
  expectedFingerprint: string;
  audit: (result: { matched: number; changed: number; skipped: number }) => AuditEntry;
}): Promise<BulkResult> {
  if (input.action === "remove" && !input.reason) throw new Error("a removal needs a reason");
  const where = conditionWhere(input.publicationId, input.condition);
  const now = await fingerprint(where);
  if (now.count > BULK_LIMIT) return { outcome: "too-many", count: now.count };
  if (now.count !== input.expectedCount || now.fingerprint !== input.expectedFingerprint)
    return { outcome: "changed", count: now.count };
  const rows = await db().signature.findMany({ where, orderBy: { id: "asc" }, select: { id: true } });
  // One transaction for the whole set (at most BULK_LIMIT): the action and its audit entry together.
  const changed = await moderate({
    ids: rows.map((row) => row.id),
    action: input.action,
    reason: input.reason,
    audit: (moved) => input.audit({ matched: rows.length, changed: moved, skipped: rows.length - moved }),
  });
  return { outcome: "done", matched: rows.length, changed, skipped: rows.length - changed };
}
