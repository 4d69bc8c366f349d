// Signature rows: storing new ones and moving them between states. There is one writer for each
// (decision 032): `insertSignatures` (sign) and `moveSignatures` (every other action), both raw
// SQL inside the caller's transaction, both following the table in signature-states.ts. Each
// writes, in the app's lock order, the signature rows, their ledger entries, the tier counters
// and removal counts — so a published figure can never move without its ledger entry.
import { randomUUID } from "node:crypto";
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import type { RawSql } from "~/lib/raw-sql.server.ts";
import { keyedHash } from "~/lib/tokens.server.ts";
import { moveCounts, moveRemovalCounts } from "~/models/counts.server.ts";
import { appendLedgerEntries, type LedgerEvent } from "~/models/ledger.server.ts";
import { spendMailBudget } from "~/models/mail-budget.server.ts";
import {
  tierChange,
  transitionFor,
  type SignatureAction,
  type SignatureState,
  type Transition,
} from "~/models/signature-states.ts";
import { enqueueMails, type NewMail } from "~/models/outbox.server.ts";

/** Mails per signature, whatever their reason: a form cannot be used to flood a mailbox. */
export const MAX_MAILS_PER_SIGNATURE = 5;
export const WITHDRAW_TOKEN_TTL_MS = 400 * 86_400_000;

/** The signer's public, unlinkable id in the ledger. */
export const receiptFor = (signatureId: string) =>
  keyedHash(config().sessionSecret, `receipt:${signatureId}`).slice(0, 22);

export type NewSignature = {
  id: string;
  receipt: string;
  publicationId: string;
  version: number;
  name: string;
  email: string;
  emailCanonical: string;
  region: string;
  locale: string;
  /** "Latn": signed on a /kk-latn/ page (decision 055). */
  script?: string | null;
  isPublic: boolean;
  wantsUpdates: boolean;
  /** Set by an abuse rule: the confirmation holds it for a moderator instead of counting it. */
  flag: string | null;
  ipHash: string | null;
  confirmHash: string;
  withdrawHash: string;
  mail: NewMail;
  now: Date;
};

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const SIGNATURE_COLUMNS = `"id", "receipt", "publicationId", "name", "email", "emailCanonical", "emailDomain", "region", "locale", "script", "isPublic", "wantsUpdates", "version", "status", "flag", "mailsSent", "ipHash", "createdAt"`;
const SIGNATURE_VALUES = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, 1, ?, ?)`;
const TOKEN_COLUMNS = `"id", "signatureId", "purpose", "tokenHash", "expiresAt", "createdAt"`;

/**
 * Signing: stores new signatures with both tokens each, their confirmation mails (within each
 * mailbox's budget), their `sign` ledger entries and the pending counters. An address that
 * already signed the petition is skipped (ON CONFLICT DO NOTHING) and left out of the answer.
 * Returns the ids stored.
 */
export async function insertSignatures(sql: RawSql, unordered: NewSignature[]): Promise<Set<string>> {
  // Rows in a fixed order: two instances inserting the same addresses never wait on each other in a circle.
  const batch = [...unordered].sort(
    (a, b) => compare(a.publicationId, b.publicationId) || compare(a.emailCanonical, b.emailCanonical),
  );
  const rows = await sql.all<{ id: string }>(
    `INSERT INTO "Signature" (${SIGNATURE_COLUMNS}) VALUES ${batch.map(() => SIGNATURE_VALUES).join(", ")} ON CONFLICT DO NOTHING RETURNING "id"`,
    batch.flatMap((s) => [
      s.id,
      s.receipt,
      s.publicationId,
      s.name,
      s.email,
      s.emailCanonical,
      s.emailCanonical.split("@")[1] ?? "",
      s.region,
      s.locale,
      s.script ?? null,
      s.isPublic,
      s.wantsUpdates,
      s.version,
      s.flag,
      s.ipHash,
      s.now,
    ]),
  );
  const stored = new Set(rows.map((row) => row.id));
  // The ledger in arrival order, not in lock order: the order people signed in.
  const fresh = unordered.filter((signature) => stored.has(signature.id));
  if (fresh.length === 0) return stored;
  await sql.run(
    `INSERT INTO "SignatureToken" (${TOKEN_COLUMNS}) VALUES ${fresh.map(() => "(?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)").join(", ")}`,
    fresh.flatMap(({ id, confirmHash, withdrawHash, now }) => [
      randomUUID(),
      id,
      "confirm",
      confirmHash,
      new Date(now.getTime() + config().confirmTokenTtlMs),
      now,
      randomUUID(),
      id,
      "withdraw",
      withdrawHash,
      new Date(now.getTime() + WITHDRAW_TOKEN_TTL_MS),
      now,
    ]),
  );
  const allowed = await spendMailBudget(
    sql,
    fresh.map((signature) => signature.emailCanonical),
  );
  const unmailed = fresh.filter((_, index) => !allowed[index]);
  if (unmailed.length)
    await sql.run(
      `UPDATE "Signature" SET "mailsSent" = 0 WHERE "id" IN (${unmailed.map(() => "?").join(", ")})`,
      unmailed.map((signature) => signature.id),
    );
  await enqueueMails(
    sql,
    fresh.filter((_, index) => allowed[index]).map((signature) => signature.mail),
  );
  const sign = transitionFor("sign", null)!;
  await appendLedgerEntries(
    sql,
    fresh.map((s) => ({
      publicationId: s.publicationId,
      type: sign.entry,
      region: s.region,
      amount: 1,
      receipt: s.receipt,
    })),
  );
  await moveCounts(
    sql,
    fresh.map((s) => ({ publicationId: s.publicationId, region: s.region, change: tierChange(sign.entry) })),
  );
  return stored;
}

/** What a move needs to know about a signature. */
export type SignatureRef = {
  id: string;
  publicationId: string;
  region: string;
  receipt: string;
  status: SignatureState;
  /** For removed signatures: the state a restore returns them to, and why they were removed. */
  removedFrom?: SignatureState | null;
  removedReason?: string | null;
};

export type Move = { signature: SignatureRef; action: Exclude<SignatureAction, "sign"> };
export type Moved = SignatureRef & { transition: Transition };

/** Columns each kind of move sets besides the status (`?` values follow in this order). */
function movedColumns(transition: Transition, now: Date, reason: string | null): [string, unknown[]] {
  switch (transition.action) {
    case "confirm":
    case "hold":
      return [`"confirmedAt" = ?`, [now]];
    case "release":
      return [`"flag" = NULL`, []];
    case "withdraw":
      return [`"withdrawnAt" = ?`, [now]];
    case "remove":
      return [`"removedReason" = ?, "removedFrom" = ?`, [reason, transition.from]];
    default:
      return [`"removedReason" = NULL, "removedFrom" = NULL`, []];
  }
}

/**
 * Every change of state after signing: confirm, hold, release, withdraw, remove, restore — one
 * or thousands, in the caller's transaction. A signature moves only if it is still in the state
 * the caller saw (a conditional UPDATE); one that changed meanwhile is skipped. Moves that do not
 * apply (e.g. releasing a confirmed signature) are skipped. Then, for what moved: ledger entries
 * in the order given, counters, removal counts, and the tokens that can no longer be used.
 * Returns what moved.
 */
export async function moveSignatures(
  sql: RawSql,
  moves: Move[],
  options: { reason?: string | null; now?: Date } = {},
): Promise<Moved[]> {
  const now = options.now ?? new Date();
  const reason = options.reason ?? null;
  const planned: Moved[] = [];
  for (const { signature, action } of moves) {
    const transition = transitionFor(action, signature.status, action === "restore" ? signature.removedFrom : null);
    if (!transition) continue;
    if (transition.action === "remove" && !reason) throw new Error("a removal needs a reason");
    planned.push({ ...signature, transition });
  }
  // One UPDATE per kind of move, rows in id order (the lock order of bulk moves).
  const groups = new Map<string, Moved[]>();
  for (const move of planned) {
    const key = move.transition.entry;
    groups.set(key, [...(groups.get(key) ?? []), move]);
  }
  const changed = new Set<string>();
  for (const group of groups.values()) {
    const { transition } = group[0];
    const [columns, values] = movedColumns(transition, now, reason);
    for (let start = 0; start < group.length; start += 500) {
      const ids = group
        .slice(start, start + 500)
        .map((move) => move.id)
        .sort(compare);
      const rows = await sql.all<{ id: string }>(
        `UPDATE "Signature" SET "status" = ?, ${columns} WHERE "status" = ? AND "id" IN (${ids.map(() => "?").join(", ")}) RETURNING "id"`,
        [transition.to, ...values, transition.from, ...ids],
      );
      for (const row of rows) changed.add(row.id);
    }
  }
  const moved = planned.filter((move) => changed.has(move.id));
  if (moved.length === 0) return moved;
  const removedReasonOf = (move: Moved) => (move.transition.action === "remove" ? reason : move.removedReason);
  await appendLedgerEntries(
    sql,
    moved.map((move): LedgerEvent => ({
      publicationId: move.publicationId,
      type: move.transition.entry,
      region: move.region,
      amount: 1,
      receipt: move.receipt,
      reason: removedReasonOf(move) ?? "",
    })),
  );
  await moveCounts(
    sql,
    moved.map((move) => ({
      publicationId: move.publicationId,
      region: move.region,
      change: tierChange(move.transition.entry),
    })),
  );
  await moveRemovalCounts(
    sql,
    moved
      .filter((move) => move.transition.to === "removed" || move.transition.from === "removed")
      .map((move) => ({
        publicationId: move.publicationId,
        reason: removedReasonOf(move) ?? "",
        by: move.transition.to === "removed" ? 1 : -1,
      })),
  );
  // A confirmation link works once; a withdrawn signature's links all end.
  const used = async (ids: string[], purpose: string) => {
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      await sql.run(
        `UPDATE "SignatureToken" SET "usedAt" = ? WHERE "usedAt" IS NULL AND "purpose" IN (${purpose})
           AND "signatureId" IN (${chunk.map(() => "?").join(", ")})`,
        [now, ...chunk],
      );
    }
  };
  const endedBy = (actions: string[]) =>
    moved.filter((move) => actions.includes(move.transition.action)).map((move) => move.id);
  await used(endedBy(["confirm", "hold"]), "'confirm'");
  await used(endedBy(["withdraw"]), "'confirm', 'withdraw'");
  return moved;
}

/** Signatures by id, as moves need them (for moderation by receipt or by condition). */
export async function signatureRefs(sql: RawSql, ids: string[]): Promise<SignatureRef[]> {
  const refs: SignatureRef[] = [];
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    refs.push(
      ...(await sql.all<SignatureRef>(
        `SELECT "id", "publicationId", "region", "receipt", "status", "removedFrom", "removedReason" FROM "Signature"
          WHERE "receipt" IS NOT NULL AND "id" IN (${chunk.map(() => "?").join(", ")}) ORDER BY "id"`,
        chunk,
      )),
    );
  }
  return refs;
}

/**
 * Confirmed signers who chose to be shown, newest first. Only the day is published: a time to
 * the second would line a named signer up with a ledger minute, and so with their receipt.
 */
export async function listPublicSigners(publicationId: string, page: number, perPage = 20) {
  const rows = await db().signature.findMany({
    where: { publicationId, status: "confirmed", isPublic: true, NOT: { name: "" } },
    orderBy: [{ confirmedAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * perPage,
    take: perPage + 1,
    select: { name: true, region: true, confirmedAt: true },
  });
  const signers = rows
    .slice(0, perPage)
    .map((row) => ({ name: row.name, region: row.region, day: dayOf(row.confirmedAt!) }));
  // Within a day, alphabetical: the order of confirmation would line names up with the ledger too.
  signers.sort((a, b) => (a.day === b.day ? a.name.localeCompare(b.name) : a.day < b.day ? 1 : -1));
  return { signers, hasMore: rows.length > perPage };
}

/** The calendar day in Kazakhstan (UTC+5), YYYY-MM-DD. */
const dayOf = (at: Date) => new Date(at.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
