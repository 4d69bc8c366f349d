// Fixed-window rate limits kept in the database, so every app instance sees the same counts.
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import { rawAll } from "~/lib/raw-sql.server.ts";

export type Rule = { name: string; limit: number; windowMs: number };

/** Counts one hit; false once the key is over the rule's limit in the current window. */
export async function allow(rule: Rule, key: string, now = Date.now()): Promise<boolean> {
  if (!config().rateLimits) return true;
  const windowStart = new Date(now - (now % rule.windowMs));
  // One upsert that returns the new count (raw: it runs up to three times per signature).
  const [row] = await rawAll<{ hits: number | string }>(
    `INSERT INTO "RateLimit" ("key", "windowStart", "hits") VALUES (?, ?, 1)
     ON CONFLICT ("key", "windowStart") DO UPDATE SET "hits" = "RateLimit"."hits" + 1 RETURNING "hits"`,
    [`${rule.name}:${key}`, windowStart],
  );
  return Number(row.hits) <= rule.limit;
}

/** Drops windows that ended more than a day ago. */
export async function pruneRateLimits(now = Date.now()) {
  await db().rateLimit.deleteMany({ where: { windowStart: { lt: new Date(now - 86_400_000) } } });
}
