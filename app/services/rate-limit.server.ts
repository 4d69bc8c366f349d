// Fixed-window rate limits kept in the database, so every app instance sees the same counts.
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import { rawAll } from "~/lib/raw-sql.server.ts";

/** A limit per key and window; `key`, if set, replaces the key the rules are checked against. */
export type Rule = { name: string; limit: number; windowMs: number; key?: string };

/** Counts one hit; false once the key is over the rule's limit in the current window. */
export async function allow(rule: Rule, key: string, now = Date.now()): Promise<boolean> {
  const [allowed] = await allowEach([rule], key, now);
  return allowed;
}

/**
 * Counts one hit against each rule for the same key, in one statement (the signing form checks
 * three rules per submission; one round trip and one commit instead of three). For each rule:
 * false once the key is over its limit in the rule's current window.
 */
export async function allowEach(rules: Rule[], key: string, now = Date.now()): Promise<boolean[]> {
  if (!config().rateLimits) return rules.map(() => true);
  const keyFor = (rule: Rule) => `${rule.name}:${rule.key ?? key}`;
  // One upsert that returns the new counts; rule names differ, so no row is touched twice.
  const rows = await rawAll<{ key: string; hits: number | string }>(
    `INSERT INTO "RateLimit" ("key", "windowStart", "hits") VALUES ${rules.map(() => "(?, ?, 1)").join(", ")}
     ON CONFLICT ("key", "windowStart") DO UPDATE SET "hits" = "RateLimit"."hits" + 1 RETURNING "key", "hits"`,
    rules.flatMap((rule) => [keyFor(rule), new Date(now - (now % rule.windowMs))]),
  );
  const hits = new Map(rows.map((row) => [row.key, Number(row.hits)]));
  return rules.map((rule) => (hits.get(keyFor(rule)) ?? Number.POSITIVE_INFINITY) <= rule.limit);
}

/** Drops windows that ended more than a day ago. */
export async function pruneRateLimits(now = Date.now()) {
  await db().rateLimit.deleteMany({ where: { windowStart: { lt: new Date(now - 86_400_000) } } });
}
