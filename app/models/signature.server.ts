// Signing, confirming, withdrawing and moderating signatures. Every change of a signature's tier
// moves its region's counters and, for counted tiers, appends to the ledger — in one transaction.
// The visitor always sees the same "check your mail" page; what happened is told only by mail.
import { randomUUID } from "node:crypto";
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import type { Locale } from "~/i18n.ts";
import { canonicalEmail } from "~/lib/email.ts";
import { groupCommit } from "~/lib/group-commit.ts";
import { hashToken, keyedHash, looksLikeToken, newToken } from "~/lib/tokens.server.ts";
import { rawAll, rawDialect, rawTransaction, toBool, toDate, type RawSql } from "~/lib/raw-sql.server.ts";
import { moveCounts, moveCountsRaw, moveRemovalCount } from "~/models/counts.server.ts";
import { appendLedger, appendLedgerRaw } from "~/models/ledger.server.ts";
import { isOpenForSigning, signingEndedAt } from "~/models/publication.server.ts";
import { announceCountChange } from "~/services/live.server.ts";
import { confirmations, signatureBatchRetries, signatureBatchSize } from "~/services/metrics.server.ts";
import { enqueueMail, enqueueMailsRaw, kickOutbox, withMail, type NewMail } from "~/services/mail/outbox.server.ts";
import { alreadySignedMail, confirmationMail } from "~/services/mail/templates.server.ts";

/** Mails per signature, whatever their reason: a form cannot be used to flood a mailbox. */
export const MAX_MAILS_PER_SIGNATURE = 5;
const WITHDRAW_TOKEN_TTL_MS = 400 * 86_400_000;

type PetitionRef = {
  id: string;
  slug: string;
  kind: string;
  endorsable?: boolean;
  status: string;
  deadline: Date | null;
  closedAt: Date | null;
  titleKk: string;
  titleRu: string;
};

export type SignatureInput = {
  name: string;
  email: string;
  region: string;
  locale: Locale;
  isPublic: boolean;
  wantsUpdates: boolean;
  ipHash: string | null;
  /** Set by an abuse rule: stored, never shown to the signer, never counted. */
  flag?: string | null;
};

export type SubmitOutcome = "created" | "resent" | "already-confirmed" | "mail-limit" | "closed";
type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

const petitionUrl = (locale: Locale, slug: string) => `${config().publicUrl}/${locale}/p/${encodeURIComponent(slug)}`;
const tokenUrl = (locale: Locale, action: "confirm" | "withdraw", token: string) =>
  `${config().publicUrl}/${locale}/${action}/${token}`;
/** How many days a confirmation link works, for the mails and the check-your-mail page. */
export const ttlDays = () => Math.max(1, Math.round(config().confirmTokenTtlMs / 86_400_000));

/** The signer's public, unlinkable id in the ledger. */
export const receiptFor = (signatureId: string) =>
  keyedHash(config().sessionSecret, `receipt:${signatureId}`).slice(0, 22);

async function issueToken(tx: Tx, signatureId: string, purpose: "confirm" | "withdraw") {
  const token = newToken();
  const ttl = purpose === "confirm" ? config().confirmTokenTtlMs : WITHDRAW_TOKEN_TTL_MS;
  await tx.signatureToken.create({
    data: { signatureId, purpose, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttl) },
  });
  return token;
}

const INSERT_TOKEN = `INSERT INTO "SignatureToken" ("id", "signatureId", "purpose", "tokenHash", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`;

/** issueToken for the raw fast paths. */
async function issueTokenRaw(sql: RawSql, signatureId: string, purpose: "confirm" | "withdraw") {
  const token = newToken();
  const now = new Date();
  const ttl = purpose === "confirm" ? config().confirmTokenTtlMs : WITHDRAW_TOKEN_TTL_MS;
  await sql.run(INSERT_TOKEN, [
    randomUUID(),
    signatureId,
    purpose,
    hashToken(token),
    new Date(now.getTime() + ttl),
    now,
  ]);
  return token;
}

async function queueConfirmation(
  tx: Tx,
  petition: PetitionRef,
  signature: { id: string; email: string; name: string; region: string; receipt: string | null },
  locale: Locale,
) {
  const [confirm, withdraw] = [
    await issueToken(tx, signature.id, "confirm"),
    await issueToken(tx, signature.id, "withdraw"),
  ];
  await enqueueMail(
    tx,
    confirmationMail({
      to: signature.email,
      name: signature.name,
      region: signature.region,
      locale,
      petition,
      confirmUrl: tokenUrl(locale, "confirm", confirm),
      withdrawUrl: tokenUrl(locale, "withdraw", withdraw),
      receipt: signature.receipt ?? receiptFor(signature.id),
      receiptUrl: `${config().publicUrl}/${locale}/receipt?petition=${encodeURIComponent(petition.slug)}&id=${signature.receipt ?? receiptFor(signature.id)}`,
      ttlDays: ttlDays(),
    }),
  );
}

/** Records a signature request and queues the right mail. The outcome is for tests and logs only. */
export async function submitSignature(
  petition: PetitionRef & { version?: number },
  input: SignatureInput,
): Promise<SubmitOutcome> {
  if (!isOpenForSigning(petition)) return "closed";
  const email = input.email.trim().toLowerCase();
  const emailCanonical = canonicalEmail(email);
  const id = randomUUID();
  const receipt = receiptFor(id);
  const confirm = newToken();
  const withdraw = newToken();
  const mail = confirmationMail({
    to: email,
    name: input.name,
    region: input.region,
    locale: input.locale,
    petition,
    confirmUrl: tokenUrl(input.locale, "confirm", confirm),
    withdrawUrl: tokenUrl(input.locale, "withdraw", withdraw),
    receipt,
    receiptUrl: `${config().publicUrl}/${input.locale}/receipt?petition=${encodeURIComponent(petition.slug)}&id=${receipt}`,
    ttlDays: ttlDays(),
  });
  const stored = await storeNewSignature({
    id,
    receipt,
    petition,
    input,
    email,
    emailCanonical,
    confirmHash: hashToken(confirm),
    withdrawHash: hashToken(withdraw),
    mail,
    now: new Date(),
  }).catch((error: unknown) => {
    throw unavailableAnswer(error) ?? error;
  });
  if (stored) return "created";
  return remindExistingSigner(petition, emailCanonical, input.locale);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type NewSignature = {
  id: string;
  receipt: string;
  petition: PetitionRef & { version?: number };
  input: SignatureInput;
  email: string;
  emailCanonical: string;
  confirmHash: string;
  withdrawHash: string;
  mail: NewMail;
  now: Date;
};

/** Signatures per transaction under a crowd (PostgreSQL allows 65 535 parameters per statement). */
const MAX_SIGNATURES_PER_BATCH = 100;
const SIGNATURE_COLUMNS = `"id", "receipt", "publicationId", "name", "email", "emailCanonical", "emailDomain", "region", "locale", "isPublic", "wantsUpdates", "version", "status", "flag", "mailsSent", "ipHash", "createdAt"`;
const SIGNATURE_VALUES = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, 1, ?, ?)`;

/**
 * The hottest write of the app (decisions 015, 027): signatures submitted at the same time are
 * stored together — the signatures, both tokens of each, the confirmation mails and the pending
 * counters in one transaction, the counters last so that on PostgreSQL the shared counter rows
 * are locked for the shortest time. An address that already signed this petition is skipped (ON
 * CONFLICT DO NOTHING) and answered false. A batch that fails for another reason is retried one
 * by one, so one bad row never fails its neighbours.
 */
const storeNewSignature = groupCommit(
  async (batch: NewSignature[]): Promise<PromiseSettledResult<boolean>[]> => {
    const storeAlone = (signature: NewSignature) =>
      rawTransaction((sql) => insertSignatures(sql, [signature])).then((stored) => stored.has(signature.id));
    try {
      const stored = await rawTransaction((sql) => insertSignatures(sql, batch));
      return batch.map((signature) => ({ status: "fulfilled", value: stored.has(signature.id) }));
    } catch (error) {
      // A row the database refuses (its data) fails alone: the batch is tried row by row. An
      // outage, a timeout or a busy database would fail every row the same way, slowly: not retried.
      if (batch.length === 1 || !isAboutTheData(error)) throw error;
      signatureBatchRetries.inc();
      const results: PromiseSettledResult<boolean>[] = [];
      for (const signature of batch)
        results.push(
          await storeAlone(signature).then(
            (value) => ({ status: "fulfilled", value }) as const,
            (reason: unknown) => ({ status: "rejected", reason }) as const,
          ),
        );
      return results;
    } finally {
      kickOutbox();
    }
  },
  {
    maxBatch: MAX_SIGNATURES_PER_BATCH,
    // About five seconds of signing at full speed; beyond that a crowd gets "try again shortly".
    maxWaiting: 10_000,
    overloaded: serviceUnavailable,
    failsWaiting: (error) => unavailableAnswer(error) !== null,
    onBatch: (size) => signatureBatchSize.observe(size),
  },
);

/** Errors caused by a row's values (constraints, a missing counter row), not by the database's state. */
function isAboutTheData(error: unknown) {
  if (error instanceof Response) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return true;
  return /^2[23]/.test(code) || /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code);
}

/** A 503 for this request when the database is away, timed out or busy; null for other errors. */
function unavailableAnswer(error: unknown): Response | null {
  const code = (error as { code?: unknown } | null)?.code;
  const busy =
    typeof code === "string" && (["57014", "55P03", "53300"].includes(code) || /^SQLITE_(BUSY|LOCKED)/.test(code));
  if (!busy && !(error instanceof Response && error.status === 503)) return null;
  // One answer object per request: a batch shares its failure, a Response's body can be read once.
  return serviceUnavailable();
}

function serviceUnavailable() {
  return new Response("Service Unavailable", { status: 503, headers: { "Retry-After": "5" } });
}

async function insertSignatures(sql: RawSql, unordered: NewSignature[]): Promise<Set<string>> {
  // A stuck lock must not hold every signer of this instance: the batch gives up after 10 s.
  if (rawDialect() === "postgres") await sql.run("SET LOCAL statement_timeout = 10000");
  // Rows in a fixed order: two instances inserting the same addresses never wait on each other in a circle.
  const batch = [...unordered].sort(
    (a, b) => compare(a.petition.id, b.petition.id) || compare(a.emailCanonical, b.emailCanonical),
  );
  const rows = await sql.all<{ id: string }>(
    `INSERT INTO "Signature" (${SIGNATURE_COLUMNS}) VALUES ${batch.map(() => SIGNATURE_VALUES).join(", ")} ON CONFLICT DO NOTHING RETURNING "id"`,
    batch.flatMap(({ id, receipt, petition, input, email, emailCanonical, now }) => [
      id,
      receipt,
      petition.id,
      input.name,
      email,
      emailCanonical,
      emailCanonical.split("@")[1] ?? "",
      input.region,
      input.locale,
      input.isPublic,
      input.wantsUpdates,
      petition.version ?? 1,
      input.flag ?? null,
      input.ipHash,
      now,
    ]),
  );
  const stored = new Set(rows.map((row) => row.id));
  const fresh = batch.filter((signature) => stored.has(signature.id));
  if (fresh.length === 0) return stored;
  await sql.run(
    `INSERT INTO "SignatureToken" ("id", "signatureId", "purpose", "tokenHash", "expiresAt", "createdAt") VALUES ${fresh.map(() => "(?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)").join(", ")}`,
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
  await enqueueMailsRaw(
    sql,
    fresh.map((signature) => signature.mail),
  );
  // One counter move per region, in a fixed order: two instances never wait for each other in a circle.
  const pending = new Map<string, { publicationId: string; region: string; count: number }>();
  for (const { petition, input } of fresh) {
    const key = `${petition.id}\u0000${input.region}`;
    const entry = pending.get(key) ?? { publicationId: petition.id, region: input.region, count: 0 };
    entry.count++;
    pending.set(key, entry);
  }
  for (const key of [...pending.keys()].sort()) {
    const { publicationId, region, count } = pending.get(key)!;
    await moveCountsRaw(sql, publicationId, region, { pending: count });
  }
  return stored;
}

/** Someone submitted an address that already signed: resend the link, or say it counts already. */
async function remindExistingSigner(
  petition: PetitionRef,
  emailCanonical: string,
  locale: Locale,
): Promise<SubmitOutcome> {
  return withMail(async (tx): Promise<SubmitOutcome> => {
    const existing = await tx.signature.findUnique({
      where: { publicationId_emailCanonical: { publicationId: petition.id, emailCanonical } },
      select: { id: true, status: true, email: true, name: true, region: true, receipt: true },
    });
    if (!existing || existing.status === "withdrawn" || existing.status === "removed") return "mail-limit";
    // Counted in the same statement as the check, so concurrent requests cannot exceed the cap.
    const counted = await tx.signature.updateMany({
      where: { id: existing.id, mailsSent: { lt: MAX_MAILS_PER_SIGNATURE } },
      data: { mailsSent: { increment: 1 } },
    });
    if (counted.count === 0) return "mail-limit";
    // Mail goes in the language of this request: that is the page the person is looking at.
    if (existing.status === "confirmed" || existing.status === "held") {
      await enqueueMail(
        tx,
        alreadySignedMail({ to: existing.email, locale, petition, petitionUrl: petitionUrl(locale, petition.slug) }),
      );
      return "already-confirmed";
    }
    await queueConfirmation(tx, petition, existing, locale);
    return "resent";
  });
}

/** The resend form: only an address that has a signature on this petition gets mail. */
export async function resendConfirmation(petition: PetitionRef, email: string, locale: Locale): Promise<SubmitOutcome> {
  if (!isOpenForSigning(petition) && !withinGrace(petition)) return "closed";
  return remindExistingSigner(petition, canonicalEmail(email), locale);
}

function withinGrace(petition: PetitionRef, now = new Date()) {
  const ended = signingEndedAt(petition, now);
  return !ended || ended.getTime() + config().confirmGraceAfterCloseMs > now.getTime();
}

const petitionSelect = {
  id: true,
  slug: true,
  kind: true,
  endorsable: true,
  status: true,
  deadline: true,
  closedAt: true,
  titleKk: true,
  titleRu: true,
} as const;

type FoundToken = {
  id: string;
  purpose: string;
  expiresAt: Date;
  usedAt: Date | null;
  signature: {
    id: string;
    status: string;
    region: string;
    flag: string | null;
    receipt: string | null;
    publication: PetitionRef;
  };
};

/** The token, its signature and petition in one raw statement (every confirm and withdraw link). */
async function findToken(token: string, purpose: "confirm" | "withdraw"): Promise<FoundToken | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await rawAll<Record<string, unknown>>(
    `SELECT t."id" AS "tokenId", t."purpose", t."expiresAt", t."usedAt",
            s."id" AS "signatureId", s."status" AS "signatureStatus", s."region", s."flag", s."receipt",
            p."id" AS "petitionId", p."slug", p."kind", p."endorsable", p."status" AS "petitionStatus", p."deadline", p."closedAt", p."titleKk", p."titleRu"
       FROM "SignatureToken" t JOIN "Signature" s ON s."id" = t."signatureId" JOIN "Publication" p ON p."id" = s."publicationId"
      WHERE t."tokenHash" = ?`,
    [hashToken(token)],
  );
  if (!row || row.purpose !== purpose) return null;
  return {
    id: row.tokenId as string,
    purpose: row.purpose as string,
    expiresAt: toDate(row.expiresAt)!,
    usedAt: toDate(row.usedAt),
    signature: {
      id: row.signatureId as string,
      status: row.signatureStatus as string,
      region: row.region as string,
      flag: (row.flag as string | null) ?? null,
      receipt: (row.receipt as string | null) ?? null,
      publication: {
        id: row.petitionId as string,
        slug: row.slug as string,
        kind: row.kind as string,
        endorsable: toBool(row.endorsable),
        status: row.petitionStatus as string,
        deadline: toDate(row.deadline),
        closedAt: toDate(row.closedAt),
        titleKk: row.titleKk as string,
        titleRu: row.titleRu as string,
      },
    },
  };
}

export type ConfirmResult =
  | {
      outcome: "confirmed" | "already-confirmed" | "expired" | "closed" | "withdrawn";
      petition: PetitionRef;
      region: string;
      receipt: string | null;
      withdrawToken?: string;
    }
  | { outcome: "invalid" };

/** Confirms the signature behind a link token. Idempotent: a second click finds it confirmed. */
export async function confirmSignature(token: string, now = new Date()): Promise<ConfirmResult> {
  const found = await findToken(token, "confirm");
  if (!found) return { outcome: "invalid" };
  const { signature } = found;
  const petition = signature.publication;
  const result = { petition, region: signature.region, receipt: signature.receipt };
  // A held signature looks confirmed to its signer: abuse flags are never revealed.
  if (signature.status === "confirmed" || signature.status === "held")
    return { outcome: "already-confirmed", ...result };
  if (signature.status === "withdrawn" || signature.status === "removed") return { outcome: "withdrawn", ...result };
  if (petition.status === "draft") return { outcome: "invalid" };
  if (found.expiresAt <= now) return { outcome: "expired", ...result };
  if (!withinGrace(petition, now)) return { outcome: "closed", ...result };

  const held = Boolean(signature.flag);
  const withdrawToken = await rawTransaction(async (sql) => {
    const updated = await sql.run(
      `UPDATE "Signature" SET "status" = ?, "confirmedAt" = ? WHERE "id" = ? AND "status" = 'pending'`,
      [held ? "held" : "confirmed", now, signature.id],
    );
    if (updated !== 1) return null;
    // Ledger head first, counters second, in every transaction: one lock order, no deadlocks.
    if (!held)
      await appendLedgerRaw(sql, petition.id, {
        type: "confirm",
        region: signature.region,
        amount: 1,
        receipt: signature.receipt!,
      });
    await moveCountsRaw(
      sql,
      petition.id,
      signature.region,
      held ? { pending: -1, held: 1 } : { pending: -1, confirmed: 1 },
    );
    await sql.run(`UPDATE "SignatureToken" SET "usedAt" = ? WHERE "id" = ?`, [now, found.id]);
    return issueTokenRaw(sql, signature.id, "withdraw");
  });
  if (!withdrawToken) return { outcome: "already-confirmed", ...result };
  confirmations.inc();
  await announceCountChange(petition.id);
  return { outcome: "confirmed", ...result, withdrawToken };
}

/** What a withdraw link points at, for the page that asks "are you sure?". */
export async function peekWithdrawal(token: string) {
  const found = await findToken(token, "withdraw");
  if (!found || found.usedAt || found.expiresAt <= new Date()) return null;
  return { petition: found.signature.publication, status: found.signature.status };
}

export type WithdrawOutcome = "withdrawn" | "already-withdrawn" | "invalid";

/** Withdraws a signature (POST only: mail scanners follow links). Counted ones leave a ledger entry. */
export async function withdrawSignature(
  token: string,
  now = new Date(),
): Promise<{ outcome: WithdrawOutcome; petition?: PetitionRef }> {
  const found = await findToken(token, "withdraw");
  if (!found || found.expiresAt <= now) return { outcome: "invalid" };
  const { signature } = found;
  const petition = signature.publication;
  if (signature.status === "withdrawn" || signature.status === "removed")
    return { outcome: "already-withdrawn", petition };
  const changed = await db().$transaction(async (tx) => {
    const updated = await tx.signature.updateMany({
      where: { id: signature.id, status: signature.status },
      data: { status: "withdrawn", withdrawnAt: now },
    });
    if (updated.count !== 1) return false;
    if (signature.status === "confirmed") {
      await appendLedger(tx, petition.id, {
        type: "withdraw",
        region: signature.region,
        amount: 1,
        receipt: signature.receipt!,
      });
      await moveCounts(tx, petition.id, signature.region, { confirmed: -1, withdrawn: 1 });
    } else {
      await moveCounts(tx, petition.id, signature.region, signature.status === "held" ? { held: -1 } : { pending: -1 });
    }
    await tx.signatureToken.updateMany({ where: { signatureId: signature.id }, data: { usedAt: now } });
    return true;
  });
  if (!changed) return { outcome: "already-withdrawn", petition };
  if (signature.status === "confirmed") await announceCountChange(petition.id);
  return { outcome: "withdrawn", petition };
}

export { removalReasons } from "~/lib/moderation-options.ts";
import { removalReasons } from "~/lib/moderation-options.ts";

/**
 * Moderation: removes counted (or held) signatures with a reason, or puts removed ones back.
 * Removed signatures keep their record and show in public counts as "removed (reason)".
 */
export async function moderateSignature(input: {
  signatureId: string;
  action: "remove" | "restore" | "release";
  reason?: (typeof removalReasons)[number];
}) {
  const signature = await db().signature.findUnique({
    where: { id: input.signatureId },
    select: { id: true, status: true, region: true, receipt: true, removedReason: true, publicationId: true },
  });
  if (!signature) return false;
  const { publicationId, region } = signature;
  const receipt = signature.receipt!;
  const done = await db().$transaction(async (tx) => {
    const transition = async (from: string, to: string, extra: Record<string, unknown> = {}) =>
      (await tx.signature.updateMany({ where: { id: signature.id, status: from }, data: { status: to, ...extra } }))
        .count === 1;
    if (
      input.action === "remove" &&
      input.reason &&
      (signature.status === "confirmed" || signature.status === "held")
    ) {
      if (!(await transition(signature.status, "removed", { removedReason: input.reason }))) return false;
      if (signature.status === "held") {
        await moveCounts(tx, publicationId, region, { held: -1 });
        return true;
      }
      await appendLedger(tx, publicationId, { type: "remove", region, amount: 1, receipt, reason: input.reason });
      await moveCounts(tx, publicationId, region, { confirmed: -1, removed: 1 });
      await moveRemovalCount(tx, publicationId, input.reason, 1);
      return true;
    }
    if (input.action === "restore" && signature.status === "removed" && signature.removedReason) {
      // Only signatures removed from the counted tier have a ledger entry to undo.
      const counted = await tx.ledgerEntry.findFirst({
        where: { publicationId, receipt, type: "remove" },
        orderBy: { seq: "desc" },
        select: { seq: true },
      });
      if (!counted || !(await transition("removed", "confirmed", { removedReason: null, flag: null }))) return false;
      await appendLedger(tx, publicationId, {
        type: "restore",
        region,
        amount: 1,
        receipt,
        reason: signature.removedReason,
      });
      await moveCounts(tx, publicationId, region, { removed: -1, confirmed: 1 });
      await moveRemovalCount(tx, publicationId, signature.removedReason, -1);
      return true;
    }
    if (input.action === "release" && signature.status === "held") {
      if (!(await transition("held", "confirmed", { flag: null }))) return false;
      await appendLedger(tx, publicationId, { type: "confirm", region, amount: 1, receipt });
      await moveCounts(tx, publicationId, region, { held: -1, confirmed: 1 });
      return true;
    }
    return false;
  });
  if (done) await announceCountChange(publicationId);
  return done;
}

export type PublicSigner = { name: string; region: string; confirmedAt: Date };

/** Confirmed signers who chose to be shown, newest first. Nothing else about them leaves here. */
export async function listPublicSigners(publicationId: string, page: number, perPage = 20) {
  const rows = await db().signature.findMany({
    where: { publicationId, status: "confirmed", isPublic: true, NOT: { name: "" } },
    orderBy: [{ confirmedAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * perPage,
    take: perPage + 1,
    select: { name: true, region: true, confirmedAt: true },
  });
  return {
    signers: rows
      .slice(0, perPage)
      .map((row) => ({ name: row.name, region: row.region, confirmedAt: row.confirmedAt! })),
    hasMore: rows.length > perPage,
  };
}
