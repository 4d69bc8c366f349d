// Fixed-window rate limits kept in the database, so every app instance sees the same counts.
import { config } from "~/config.server.ts";
import { db, isUniqueViolation } from "~/db.server.ts";

export type Rule = { name: string; limit: number; windowMs: number };

/** Counts one hit; false once the key is over the rule's limit in the current window. */
export async function allow(rule: Rule, key: string, now = Date.now()): Promise<boolean> {
  if (!config().rateLimits) return true;
  const windowStart = new Date(now - (now % rule.windowMs));
  const bucket = { key: `${rule.name}:${key}`, windowStart };
  const hit = () =>
    db().rateLimit.upsert({
      where: { key_windowStart: bucket },
      create: { ...bucket, hits: 1 },
      update: { hits: { increment: 1 } },
      select: { hits: true },
    });
  // Two first hits at once may both try to create the row: the loser retries as an update.
  const row = await hit().catch((error) => (isUniqueViolation(error) ? hit() : Promise.reject(error)));
  return row.hits <= rule.limit;
}

/** Drops windows that ended more than a day ago. */
export async function pruneRateLimits(now = Date.now()) {
  await db().rateLimit.deleteMany({ where: { windowStart: { lt: new Date(now - 86_400_000) } } });
}
