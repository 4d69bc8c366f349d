// The public ledger: every event that changes a petition's published counts, hash-chained.
// Format and canonical encoding: docs/ledger.md. scripts/verify.js re-implements the encoding on
// purpose, without importing this file, so that it checks the app rather than trusting it.
import { createHash } from "node:crypto";
import { db } from "~/db.server.ts";
import type { RawSql } from "~/lib/raw-sql.server.ts";
import { ledgerMoves, type LedgerType, type Tier } from "~/models/signature-states.ts";

export const GENESIS_HASH = "0".repeat(64);
export { type LedgerType } from "~/models/signature-states.ts";

export type LedgerFields = {
  seq: number;
  type: LedgerType;
  region: string;
  amount: number;
  minute: Date;
  receipt: string;
  reason: string;
  prevHash: string;
};

/** Minutes only: the ledger must not let anyone line up entries with request logs. */
export function toMinute(at: Date) {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

export function minuteText(minute: Date) {
  return minute.toISOString().slice(0, 16) + "Z";
}

/** `seq|type|region|amount|minute|receipt|reason|prevHash`, UTF-8, SHA-256, lowercase hex. */
function canonicalLine(entry: LedgerFields) {
  return [
    entry.seq,
    entry.type,
    entry.region,
    entry.amount,
    minuteText(entry.minute),
    entry.receipt,
    entry.reason,
    entry.prevHash,
  ].join("|");
}

export function entryHash(entry: LedgerFields) {
  return createHash("sha256").update(canonicalLine(entry), "utf8").digest("hex");
}

export type LedgerEvent = {
  publicationId: string;
  type: LedgerType;
  region: string;
  amount: number;
  receipt: string;
  reason?: string;
};

const ENTRY_COLUMNS = `"publicationId", "seq", "type", "region", "amount", "minute", "receipt", "reason", "prevHash", "hash"`;
/** Entries per INSERT statement (10 parameters each; well under both databases' limits). */
const ENTRIES_PER_STATEMENT = 200;

/**
 * The only way entries enter the ledger: appends `events` in the given order, inside the caller's
 * transaction, after the rows they record and before the counters they move (the app's lock
 * order: signatures, ledger heads, counters). Each petition's head row is advanced once for all
 * of its events (PostgreSQL: its row lock orders concurrent appends), heads in a fixed order so
 * two transactions never wait for each other in a circle. The minute is read after the head lock,
 * so minutes never go backwards as seq grows.
 */
export async function appendLedgerEntries(sql: RawSql, events: LedgerEvent[]) {
  const byPetition = new Map<string, LedgerEvent[]>();
  for (const event of events) {
    if (event.amount === 0) throw new Error("a ledger entry moves at least one signature");
    const list = byPetition.get(event.publicationId) ?? [];
    list.push(event);
    byPetition.set(event.publicationId, list);
  }
  const appended: Array<{ publicationId: string; seq: number; hash: string }> = [];
  for (const publicationId of [...byPetition.keys()].sort()) {
    const list = byPetition.get(publicationId)!;
    const now = new Date();
    const [head] = await sql.all<{ seq: number | string; hash: string }>(
      `INSERT INTO "LedgerHead" ("publicationId", "seq", "hash", "updatedAt") VALUES (?, ?, ?, ?)
       ON CONFLICT ("publicationId") DO UPDATE SET "seq" = "LedgerHead"."seq" + ?, "updatedAt" = excluded."updatedAt"
       RETURNING "seq", "hash"`,
      [publicationId, list.length, GENESIS_HASH, now, list.length],
    );
    let seq = Number(head.seq) - list.length;
    let prevHash = head.hash;
    const minute = toMinute(new Date());
    const rows: unknown[][] = [];
    for (const event of list) {
      const fields: LedgerFields = {
        seq: ++seq,
        type: event.type,
        region: event.region,
        amount: event.amount,
        minute,
        receipt: event.receipt,
        reason: event.reason ?? "",
        prevHash,
      };
      prevHash = entryHash(fields);
      rows.push([
        publicationId,
        fields.seq,
        fields.type,
        fields.region,
        fields.amount,
        minute,
        fields.receipt,
        fields.reason,
        fields.prevHash,
        prevHash,
      ]);
      appended.push({ publicationId, seq: fields.seq, hash: prevHash });
    }
    for (let start = 0; start < rows.length; start += ENTRIES_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ENTRIES_PER_STATEMENT);
      await sql.run(
        `INSERT INTO "LedgerEntry" (${ENTRY_COLUMNS}) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
        chunk.flat(),
      );
    }
    await sql.run(`UPDATE "LedgerHead" SET "hash" = ?, "updatedAt" = ? WHERE "publicationId" = ?`, [
      prevHash,
      now,
      publicationId,
    ]);
  }
  return appended;
}

/** The last entry's sequence number, hash and minute (the head row itself is bookkeeping). */
export async function ledgerHead(publicationId: string, client: Pick<ReturnType<typeof db>, "ledgerEntry"> = db()) {
  const last = await client.ledgerEntry.findFirst({
    where: { publicationId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true, minute: true },
  });
  return last ?? { seq: 0, hash: GENESIS_HASH, minute: null };
}

/** Entries after `afterSeq`, in order, in pages (for streaming). */
export async function ledgerPage(publicationId: string, afterSeq: number, take = 1_000) {
  return db().ledgerEntry.findMany({
    where: { publicationId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take,
    select: {
      seq: true,
      type: true,
      region: true,
      amount: true,
      minute: true,
      receipt: true,
      reason: true,
      prevHash: true,
      hash: true,
    },
  });
}

export function publicEntry(entry: Awaited<ReturnType<typeof ledgerPage>>[number]) {
  return { ...entry, minute: minuteText(entry.minute) };
}

/** What the ledger says about one receipt: its entries, and the tier they leave it in. */
export async function lookupReceipt(publicationId: string, receipt: string) {
  const entries = await db().ledgerEntry.findMany({
    where: { publicationId, receipt },
    orderBy: { seq: "asc" },
    select: { seq: true, type: true, minute: true, hash: true, amount: true },
  });
  const last = entries.at(-1);
  const tier: Tier | null = last ? ledgerMoves[last.type as LedgerType].to : null;
  return { entries, tier, counted: tier === "confirmed" || tier === "paper" };
}
