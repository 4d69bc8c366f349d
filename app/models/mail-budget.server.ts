// How much mail one mailbox may get from the signing forms, across every petition: at most
// MAILBOX_MAIL_HOURLY per hour and MAILBOX_MAIL_DAILY per day per canonical address (tags, dots
// and googlemail folded), whoever asks. A form must not be a way to flood someone's inbox.
// Counted in the caller's transaction, in the shared RateLimit table (every instance sees it).
import { config } from "~/config.server.ts";
import type { RawSql } from "~/lib/raw-sql.server.ts";
import { mailboxOf } from "~/lib/email.ts";
import { keyedHash } from "~/lib/tokens.server.ts";

/** Spends one mail per address, in order; false where that mailbox's budget is used up. */
export async function spendMailBudget(sql: RawSql, canonicalEmails: string[], now = Date.now()): Promise<boolean[]> {
  const cfg = config();
  if (!cfg.rateLimits || canonicalEmails.length === 0) return canonicalEmails.map(() => true);
  const rules = [
    { name: "mailbox-hour", ...cfg.mailboxMailHourly },
    { name: "mailbox-day", ...cfg.mailboxMailDaily },
  ];
  // The address itself never enters the table: a keyed hash of it.
  const mailbox = canonicalEmails.map((email) => keyedHash(cfg.sessionSecret, `mailbox:${mailboxOf(email)}`));
  const asked = new Map<string, { windowStart: Date; count: number; limit: number }>();
  for (const hash of mailbox) {
    for (const rule of rules) {
      const key = `${rule.name}:${hash}`;
      const entry = asked.get(key) ?? {
        windowStart: new Date(now - (now % rule.windowMs)),
        count: 0,
        limit: rule.limit,
      };
      entry.count++;
      asked.set(key, entry);
    }
  }
  const keys = [...asked.keys()].sort();
  // One statement; each key appears once, so no row is changed twice by it.
  const rows = await sql.all<{ key: string; hits: number | string }>(
    `INSERT INTO "RateLimit" ("key", "windowStart", "hits") VALUES ${keys.map(() => "(?, ?, ?)").join(", ")}
     ON CONFLICT ("key", "windowStart") DO UPDATE SET "hits" = "RateLimit"."hits" + excluded."hits" RETURNING "key", "hits"`,
    keys.flatMap((key) => [key, asked.get(key)!.windowStart, asked.get(key)!.count]),
  );
  // What was left before this batch, per key; handed out in order.
  const left = new Map<string, number>();
  for (const row of rows) {
    const entry = asked.get(row.key)!;
    left.set(row.key, Math.max(0, entry.limit - (Number(row.hits) - entry.count)));
  }
  return mailbox.map((hash) => {
    const ruleKeys = rules.map((rule) => `${rule.name}:${hash}`);
    if (ruleKeys.some((key) => (left.get(key) ?? 0) <= 0)) return false;
    for (const key of ruleKeys) left.set(key, left.get(key)! - 1);
    return true;
  });
}
