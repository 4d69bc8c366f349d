// The public ledger: every event that changes a petition's published counts, hash-chained.
// Format and canonical encoding: docs/ledger.md. scripts/verify.js re-implements the encoding on
// purpose, without importing this file, so that it checks the app rather than trusting it.
import { createHash } from "node:crypto";
import { db } from "~/db.server.ts";
import type { RawSql } from "~/lib/raw-sql.server.ts";

export const GENESIS_HASH = "0".repeat(64);
export const ledgerTypes = ["confirm", "withdraw", "remove", "restore", "paper"] as const;
export type LedgerType = (typeof ledgerTypes)[number];

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
export function canonicalLine(entry: LedgerFields) {
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

type Tx = Pick<ReturnType<typeof db>, "ledgerHead" | "ledgerEntry">;

/**
 * Appends one entry. Call inside the transaction that changes the counters, before the counters.
 * The time is taken after the head lock, so minutes never go backwards as seq grows. The head row's update
 * takes a row lock (PostgreSQL), so concurrent appends to one petition queue up in order.
 */
export async function appendLedger(
  tx: Tx,
  publicationId: string,
  event: { type: LedgerType; region: string; amount: number; receipt: string; reason?: string; at?: Date },
) {
  const head = await tx.ledgerHead.upsert({
    where: { publicationId },
    create: { publicationId, seq: 1, hash: GENESIS_HASH },
    update: { seq: { increment: 1 } },
    select: { seq: true, hash: true },
  });
  const fields: LedgerFields = {
    seq: head.seq,
    type: event.type,
    region: event.region,
    amount: event.amount,
    minute: toMinute(event.at && event.at < new Date() ? event.at : new Date()),
    receipt: event.receipt,
    reason: event.reason ?? "",
    prevHash: head.hash,
  };
  const hash = entryHash(fields);
  await tx.ledgerEntry.create({ data: { publicationId, ...fields, hash } });
  await tx.ledgerHead.update({ where: { publicationId }, data: { hash } });
  return { seq: fields.seq, hash };
}

/** appendLedger for the raw fast paths (app/lib/raw-sql.server.ts): the same rows, the same order. */
export async function appendLedgerRaw(
  sql: RawSql,
  publicationId: string,
  event: { type: LedgerType; region: string; amount: number; receipt: string; reason?: string },
) {
  const [head] = await sql.all<{ seq: number | string; hash: string }>(
    `INSERT INTO "LedgerHead" ("publicationId", "seq", "hash", "updatedAt") VALUES (?, 1, ?, ?)
     ON CONFLICT ("publicationId") DO UPDATE SET "seq" = "LedgerHead"."seq" + 1, "updatedAt" = excluded."updatedAt" RETURNING "seq", "hash"`,
    [publicationId, GENESIS_HASH, new Date()],
  );
  const fields: LedgerFields = {
    seq: Number(head.seq),
    type: event.type,
    region: event.region,
    amount: event.amount,
    minute: toMinute(new Date()),
    receipt: event.receipt,
    reason: event.reason ?? "",
    prevHash: head.hash,
  };
  const hash = entryHash(fields);
  await sql.run(
    `INSERT INTO "LedgerEntry" ("publicationId", "seq", "type", "region", "amount", "minute", "receipt", "reason", "prevHash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      publicationId,
      fields.seq,
      fields.type,
      fields.region,
      fields.amount,
      fields.minute,
      fields.receipt,
      fields.reason,
      fields.prevHash,
      hash,
    ],
  );
  await sql.run(`UPDATE "LedgerHead" SET "hash" = ?, "updatedAt" = ? WHERE "publicationId" = ?`, [
    hash,
    new Date(),
    publicationId,
  ]);
  return { seq: fields.seq, hash };
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

/** What the ledger says about one receipt: its entries, and whether it counts now. */
export async function lookupReceipt(publicationId: string, receipt: string) {
  const entries = await db().ledgerEntry.findMany({
    where: { publicationId, receipt },
    orderBy: { seq: "asc" },
    select: { seq: true, type: true, minute: true, hash: true },
  });
  const last = entries.at(-1);
  return {
    entries,
    counted: last ? last.type === "confirm" || last.type === "restore" || last.type === "paper" : false,
  };
}
