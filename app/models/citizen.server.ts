// Citizen petitions (decision 040): anyone starts one at /{lang}/start, confirms their address,
// edits the private draft through a mailed link, submits it, gathers a few supporters (their
// signatures go through the one signature writer and count once it is published), and a
// moderator publishes or rejects it against the published standards. Every moderation action is
// one conditional update on the petition's revision, with its audit entry and the creator's
// mail in the same transaction.
import { randomBytes, randomUUID } from "node:crypto";
import { db } from "~/db.server.ts";
import { rawAll, rawTransaction, sqlFor, toBool, toDate, type RawSql } from "~/lib/raw-sql.server.ts";
import { hashToken, looksLikeToken, newToken } from "~/lib/tokens.server.ts";
import { hidesText, type RejectionReason } from "~/lib/citizen-options.ts";
import { audit } from "~/models/audit.server.ts";
import { spendMailBudget } from "~/models/mail-budget.server.ts";
import { insertPublication } from "~/models/publication.server.ts";
import { enqueueMails, type NewMail } from "~/models/outbox.server.ts";

/** The organization citizen petitions are published under until an organization adopts one. */
export const CITIZENS_ORGANIZATION = "citizens";

export type TokenPurpose = "confirm" | "manage" | "supporters";

/** A slug that says nothing about the text: it enters the public log before anyone sees the petition. */
const newSlug = () =>
  `c-${randomBytes(6)
    .toString("base64url")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x")}`;

export type DraftText = {
  titleKk: string;
  titleRu: string;
  summaryKk: string;
  summaryRu: string;
  bodyKk: string;
  bodyRu: string;
  addresseeKk: string;
  addresseeRu: string;
  onlyLanguage: string | null;
  regionScope: string;
};

/**
 * A new private draft with its confirmation link. The mail is queued only within the mailbox's
 * budget (the same as signing's); returns false for `mailed` when the budget is spent.
 */
export async function createCitizenDraft(input: {
  text: DraftText;
  creator: { name: string; email: string; emailCanonical: string; locale: string; showName: boolean };
  addressee: string;
  languages: string;
  supportersNeeded: number;
  ipHash: string | null;
  confirmTtlMs: number;
  mail: (confirmToken: string, publicationId: string) => NewMail;
}) {
  return db().$transaction(async (tx) => {
    const organization = await tx.organization.upsert({
      where: { slug: CITIZENS_ORGANIZATION },
      create: { slug: CITIZENS_ORGANIZATION, nameKk: "Азаматтық бастама", nameRu: "Гражданская инициатива" },
      update: {},
      select: { id: true },
    });
    const publication = await insertPublication(tx, {
      slug: newSlug(),
      kind: "petition",
      status: "draft",
      origin: "citizen",
      organizationId: organization.id,
      ...input.text,
    });
    await tx.citizenPetition.create({
      data: {
        publicationId: publication.id,
        creatorName: input.creator.name,
        creatorEmail: input.creator.email,
        creatorEmailCanonical: input.creator.emailCanonical,
        creatorLocale: input.creator.locale,
        showName: input.creator.showName,
        addressee: input.addressee,
        languages: input.languages,
        supportersNeeded: input.supportersNeeded,
        ipHash: input.ipHash,
      },
    });
    const token = newToken();
    await tx.citizenToken.create({
      data: {
        publicationId: publication.id,
        purpose: "confirm",
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + input.confirmTtlMs),
      },
    });
    const sql = sqlFor(tx);
    const [allowed] = await spendMailBudget(sql, [input.creator.emailCanonical]);
    if (allowed) await enqueueMails(sql, [input.mail(token, publication.id)]);
    return { id: publication.id, slug: publication.slug, mailed: allowed };
  });
}

export type CitizenView = {
  id: string;
  slug: string;
  status: string;
  origin: string;
  titleKk: string;
  titleRu: string;
  summaryKk: string;
  summaryRu: string;
  bodyKk: string;
  bodyRu: string;
  addresseeKk: string | null;
  addresseeRu: string | null;
  onlyLanguage: string | null;
  regionScope: string;
  version: number;
  endorsable: boolean;
  deadline: Date | null;
  closedAt: Date | null;
  creatorName: string;
  creatorEmail: string;
  creatorEmailCanonical: string;
  creatorLocale: string;
  showName: boolean;
  addressee: string;
  languages: string;
  emailConfirmedAt: Date | null;
  supportersNeeded: number;
  changesNote: string | null;
  rejectionReason: string | null;
  rejectionNote: string | null;
  decidedAt: Date | null;
  revision: number;
  createdAt: Date;
};

const VIEW_SELECT = `SELECT p."id", p."slug", p."status", p."origin", p."titleKk", p."titleRu", p."summaryKk", p."summaryRu",
  p."bodyKk", p."bodyRu", p."addresseeKk", p."addresseeRu", p."onlyLanguage", p."regionScope", p."version", p."endorsable",
  p."deadline", p."closedAt", c."creatorName", c."creatorEmail", c."creatorEmailCanonical", c."creatorLocale",
  c."showName", c."addressee", c."languages", c."emailConfirmedAt", c."supportersNeeded", c."changesNote",
  c."rejectionReason", c."rejectionNote", c."decidedAt", c."revision", c."createdAt"
  FROM "CitizenPetition" c JOIN "Publication" p ON p."id" = c."publicationId"`;

function toView(row: Record<string, unknown>): CitizenView {
  return {
    ...(row as unknown as CitizenView),
    version: Number(row.version),
    endorsable: toBool(row.endorsable),
    deadline: toDate(row.deadline),
    closedAt: toDate(row.closedAt),
    showName: toBool(row.showName),
    emailConfirmedAt: toDate(row.emailConfirmedAt),
    supportersNeeded: Number(row.supportersNeeded),
    decidedAt: toDate(row.decidedAt),
    revision: Number(row.revision),
    createdAt: toDate(row.createdAt)!,
  };
}

export async function citizenPetition(publicationId: string, sql?: RawSql) {
  const query = `${VIEW_SELECT} WHERE c."publicationId" = ?`;
  const [row] = sql
    ? await sql.all<Record<string, unknown>>(query, [publicationId])
    : await rawAll(query, [publicationId]);
  return row ? toView(row) : null;
}

/** The petition behind a link, if the link is of that purpose and still valid. */
export async function petitionByToken(token: string, purpose: TokenPurpose, now = new Date()) {
  if (!looksLikeToken(token)) return null;
  const [row] = await rawAll<Record<string, unknown>>(
    `${VIEW_SELECT} JOIN "CitizenToken" t ON t."publicationId" = c."publicationId"
      WHERE t."tokenHash" = ? AND t."purpose" = ? AND t."expiresAt" > ? AND t."usedAt" IS NULL`,
    [hashToken(token), purpose, now],
  );
  return row ? toView(row) : null;
}

async function insertToken(sql: RawSql, publicationId: string, purpose: TokenPurpose, ttlMs: number, now: Date) {
  const token = newToken();
  await sql.run(
    `INSERT INTO "CitizenToken" ("id", "publicationId", "purpose", "tokenHash", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
    [randomUUID(), publicationId, purpose, hashToken(token), new Date(now.getTime() + ttlMs), now],
  );
  return token;
}

/**
 * Confirms the creator's address with the single-use link: the link is used up and a draft link
 * (and its mail) replaces it. Null when the link is unknown, used or expired.
 */
export async function confirmCreator(input: {
  token: string;
  manageTtlMs: number;
  mail: (petition: CitizenView, manageToken: string) => NewMail;
}) {
  if (!looksLikeToken(input.token)) return null;
  const now = new Date();
  return rawTransaction(async (sql) => {
    const [used] = await sql.all<{ publicationId: string }>(
      `UPDATE "CitizenToken" SET "usedAt" = ? WHERE "tokenHash" = ? AND "purpose" = 'confirm' AND "usedAt" IS NULL AND "expiresAt" > ?
       RETURNING "publicationId"`,
      [now, hashToken(input.token), now],
    );
    if (!used) return null;
    await sql.run(
      `UPDATE "CitizenPetition" SET "emailConfirmedAt" = ? WHERE "publicationId" = ? AND "emailConfirmedAt" IS NULL`,
      [now, used.publicationId],
    );
    const petition = (await citizenPetition(used.publicationId, sql))!;
    const manage = await insertToken(sql, petition.id, "manage", input.manageTtlMs, now);
    await enqueueMails(sql, [input.mail(petition, manage)]);
    return { petition, manageToken: manage };
  });
}

const VERSION_TEXT = ["titleKk", "titleRu", "summaryKk", "summaryRu", "bodyKk", "bodyRu"] as const;

/** Saves the creator's edits; only a draft (new, or sent back for changes) can be edited. */
export async function saveDraft(
  publicationId: string,
  text: DraftText,
  meta: { addressee: string; languages: string },
) {
  return rawTransaction(async (sql) => {
    const [state] = await sql.all<{ version: number | string; signed: number | string }>(
      `SELECT p."version", (SELECT COUNT(*) FROM "Signature" s WHERE s."publicationId" = p."id") AS "signed"
         FROM "Publication" p WHERE p."id" = ? AND p."status" = 'draft' AND p."origin" = 'citizen'`,
      [publicationId],
    );
    if (!state) return false;
    const version = Number(state.version);
    const [current] = await sql.all<Record<(typeof VERSION_TEXT)[number], string>>(
      `SELECT ${VERSION_TEXT.map((field) => `"${field}"`).join(", ")} FROM "PublicationVersion"
        WHERE "publicationId" = ? AND "number" = ?`,
      [publicationId, version],
    );
    // Supporters signed the text they read: once anyone has signed, a changed text (after a
    // moderator asked for changes) is the next version, and each signature keeps the version it was
    // given (decision 021). Before anyone signed, the draft's one version simply follows the edits.
    const nextVersion =
      Number(state.signed) > 0 && (!current || VERSION_TEXT.some((field) => current[field] !== text[field]))
        ? version + 1
        : null;
    const changed = await sql.run(
      `UPDATE "Publication" SET "titleKk" = ?, "titleRu" = ?, "summaryKk" = ?, "summaryRu" = ?, "bodyKk" = ?, "bodyRu" = ?,
         "addresseeKk" = ?, "addresseeRu" = ?, "onlyLanguage" = ?, "regionScope" = ?, "updatedAt" = ?, "version" = ?
       WHERE "id" = ? AND "status" = 'draft' AND "origin" = 'citizen'`,
      [
        text.titleKk,
        text.titleRu,
        text.summaryKk,
        text.summaryRu,
        text.bodyKk,
        text.bodyRu,
        text.addresseeKk,
        text.addresseeRu,
        text.onlyLanguage,
        text.regionScope,
        new Date(),
        nextVersion ?? version,
        publicationId,
      ],
    );
    if (changed === 0) return false;
    const texts = VERSION_TEXT.map((field) => text[field]);
    if (nextVersion)
      await sql.run(
        `INSERT INTO "PublicationVersion" ("publicationId", "number", ${VERSION_TEXT.map((field) => `"${field}"`).join(", ")}, "createdAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [publicationId, nextVersion, ...texts, new Date()],
      );
    else
      await sql.run(
        `UPDATE "PublicationVersion" SET ${VERSION_TEXT.map((field) => `"${field}" = ?`).join(", ")}
         WHERE "publicationId" = ? AND "number" = ?`,
        [...texts, publicationId, version],
      );
    await sql.run(`UPDATE "CitizenPetition" SET "addressee" = ?, "languages" = ? WHERE "publicationId" = ?`, [
      meta.addressee,
      meta.languages,
      publicationId,
    ]);
    return true;
  });
}

/** Petitions of one creator waiting for supporters or for a moderator. */
async function pendingOfCreator(sql: RawSql, emailCanonical: string) {
  const [row] = await sql.all<{ n: number | string }>(
    `SELECT COUNT(*) AS "n" FROM "CitizenPetition" c JOIN "Publication" p ON p."id" = c."publicationId"
      WHERE c."creatorEmailCanonical" = ? AND p."status" IN ('submitted', 'moderation')`,
    [emailCanonical],
  );
  return Number(row?.n ?? 0);
}

/** Confirmed signatures of a petition (its supporters before publication), from the counters. */
async function confirmedOf(sql: RawSql, publicationId: string) {
  const [row] = await sql.all<{ n: number | string | null }>(
    `SELECT SUM("confirmed") AS "n" FROM "RegionCount" WHERE "publicationId" = ?`,
    [publicationId],
  );
  return Number(row?.n ?? 0);
}

export type SubmitResult =
  | { ok: true; status: "submitted" | "moderation"; supportersToken: string | null }
  | { ok: false; reason: "not-draft" | "unconfirmed" | "too-many" };

/**
 * The creator submits the draft: it gathers supporters (a new supporters link) or, sent back for
 * changes with enough supporters already, goes straight back to moderation. A creator may have
 * at most `maxPending` petitions waiting at once; the count and the move share the transaction.
 */
export async function submitDraft(input: {
  publicationId: string;
  maxPending: number;
  supportersTtlMs: number;
}): Promise<SubmitResult> {
  const now = new Date();
  return rawTransaction(async (sql) => {
    const petition = await citizenPetition(input.publicationId, sql);
    if (!petition || petition.status !== "draft") return { ok: false, reason: "not-draft" };
    if (!petition.emailConfirmedAt) return { ok: false, reason: "unconfirmed" };
    if ((await pendingOfCreator(sql, petition.creatorEmailCanonical)) >= input.maxPending)
      return { ok: false, reason: "too-many" };
    const enough = (await confirmedOf(sql, petition.id)) >= petition.supportersNeeded;
    const status = enough ? "moderation" : "submitted";
    const moved = await sql.run(
      `UPDATE "Publication" SET "status" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = 'draft'`,
      [status, now, petition.id],
    );
    if (moved === 0) return { ok: false, reason: "not-draft" };
    await sql.run(
      `UPDATE "CitizenPetition" SET "submittedAt" = ?, "queuedAt" = ?, "revision" = "revision" + 1 WHERE "publicationId" = ?`,
      [now, enough ? now : null, petition.id],
    );
    await audit({ userId: null, action: "citizen.submit", target: petition.slug, details: { status } }, sql);
    const [existing] = await sql.all<{ id: string }>(
      `SELECT "id" FROM "CitizenToken" WHERE "publicationId" = ? AND "purpose" = 'supporters' AND "expiresAt" > ?`,
      [petition.id, now],
    );
    const supportersToken = existing
      ? null
      : await insertToken(sql, petition.id, "supporters", input.supportersTtlMs, now);
    return { ok: true, status, supportersToken };
  });
}

/** A new supporters link for a petition that has one no longer (the old one's hash is all we keep). */
export async function newSupportersLink(publicationId: string, ttlMs: number) {
  return rawTransaction(async (sql) => {
    const now = new Date();
    await sql.run(
      `UPDATE "CitizenToken" SET "usedAt" = ? WHERE "publicationId" = ? AND "purpose" = 'supporters' AND "usedAt" IS NULL`,
      [now, publicationId],
    );
    return insertToken(sql, publicationId, "supporters", ttlMs, now);
  });
}

/**
 * Called by the confirmation writer, in its transaction, for petitions that were gathering
 * supporters: those with enough confirmed supporters join the moderation queue.
 */
export async function queueSupportedPetitions(sql: RawSql, publicationIds: string[], now = new Date()) {
  // In id order, so two batches take the row locks below in the same order.
  for (const id of [...publicationIds].sort()) {
    // Lock the petition's row first: two batches confirming supporters of one petition in
    // different regions would each sum the counters without the other's uncommitted rows, both
    // stay under the threshold, and the petition would never be queued. The second now waits,
    // then sums with the first's confirmations committed (or finds it queued already).
    const locked = await sql.run(
      `UPDATE "Publication" SET "updatedAt" = "updatedAt" WHERE "id" = ? AND "status" = 'submitted'`,
      [id],
    );
    if (locked === 0) continue;
    const [petition] = await sql.all<{ supportersNeeded: number | string; slug: string }>(
      `SELECT c."supportersNeeded", p."slug" FROM "CitizenPetition" c JOIN "Publication" p ON p."id" = c."publicationId"
        WHERE c."publicationId" = ? AND p."status" = 'submitted'`,
      [id],
    );
    if (!petition || (await confirmedOf(sql, id)) < Number(petition.supportersNeeded)) continue;
    const moved = await sql.run(
      `UPDATE "Publication" SET "status" = 'moderation', "updatedAt" = ? WHERE "id" = ? AND "status" = 'submitted'`,
      [now, id],
    );
    if (moved === 0) continue;
    await sql.run(
      `UPDATE "CitizenPetition" SET "queuedAt" = ?, "revision" = "revision" + 1 WHERE "publicationId" = ?`,
      [now, id],
    );
    await audit({ userId: null, action: "citizen.queue", target: petition.slug }, sql);
  }
}

/** Confirmed supporters of a petition that is not public yet. */
export async function supporterCount(publicationId: string) {
  const [row] = await rawAll<{ n: number | string | null }>(
    `SELECT SUM("confirmed") AS "n" FROM "RegionCount" WHERE "publicationId" = ?`,
    [publicationId],
  );
  return Number(row?.n ?? 0);
}

/** The moderation queue, oldest first, and what was decided lately. */
export async function moderationQueue() {
  const rows = await rawAll<Record<string, unknown>>(
    `${VIEW_SELECT} WHERE p."status" IN ('moderation', 'submitted') ORDER BY c."queuedAt" IS NULL, c."queuedAt", c."createdAt" LIMIT 200`,
  );
  return rows.map(toView);
}

export type Decision =
  | { action: "publish" }
  | { action: "reject"; reason: RejectionReason; note: string; duplicateOfId: string | null }
  | { action: "changes"; note: string };

export type DecisionResult = { ok: true; petition: CitizenView } | { ok: false; reason: "conflict" | "not-found" };

/**
 * A moderator's decision on a petition in the queue. It applies only if nobody acted on the
 * petition since the moderator's page was read (`revision`): of two moderators acting at once,
 * one wins and the other is told. The status, the audit entry and the creator's mail commit together.
 */
export async function decide(input: {
  publicationId: string;
  revision: number;
  decision: Decision;
  userId: string;
  manageTtlMs: number;
  /** The creator's mail; a request for changes carries a new draft link. */
  mail: (petition: CitizenView, manageToken: string | null) => NewMail;
}): Promise<DecisionResult> {
  const now = new Date();
  const { decision } = input;
  return rawTransaction(async (sql) => {
    const before = await citizenPetition(input.publicationId, sql);
    if (!before) return { ok: false, reason: "not-found" };
    const taken = await sql.run(
      `UPDATE "CitizenPetition" SET "revision" = "revision" + 1, "decidedAt" = ?, "decidedById" = ?, "changesNote" = ?,
         "rejectionReason" = ?, "rejectionNote" = ?, "duplicateOfId" = ?
       WHERE "publicationId" = ? AND "revision" = ?
         AND EXISTS (SELECT 1 FROM "Publication" p WHERE p."id" = ? AND p."status" = 'moderation')`,
      [
        now,
        input.userId,
        decision.action === "changes" ? decision.note : null,
        decision.action === "reject" ? decision.reason : null,
        decision.action === "reject" ? decision.note || null : null,
        decision.action === "reject" ? decision.duplicateOfId : null,
        input.publicationId,
        input.revision,
        input.publicationId,
      ],
    );
    if (taken === 0) return { ok: false, reason: "conflict" };
    const status = decision.action === "publish" ? "open" : decision.action === "reject" ? "rejected" : "draft";
    await sql.run(
      // No closing date for a rejection: signing ended long ago as far as late confirmations go.
      `UPDATE "Publication" SET "status" = ?, "publishedAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
      [status, status === "open" ? now : null, now, input.publicationId],
    );
    if (status === "open")
      // The version published is dated from publication; earlier ones keep the day supporters signed them.
      await sql.run(
        `UPDATE "PublicationVersion" SET "createdAt" = ?
          WHERE "publicationId" = ? AND "number" = (SELECT "version" FROM "Publication" WHERE "id" = ?)`,
        [now, input.publicationId, input.publicationId],
      );
    await audit(
      {
        userId: input.userId,
        action: `citizen.${decision.action}`,
        target: before.slug,
        details:
          decision.action === "reject"
            ? { reason: decision.reason, note: decision.note, duplicateOf: decision.duplicateOfId }
            : decision.action === "changes"
              ? { note: decision.note }
              : {},
      },
      sql,
    );
    const after = (await citizenPetition(input.publicationId, sql))!;
    const manage = status === "draft" ? await insertToken(sql, after.id, "manage", input.manageTtlMs, now) : null;
    await enqueueMails(sql, [input.mail(after, manage)]);
    return { ok: true, petition: after };
  });
}

/** An organization takes a published citizen petition on: it appears under its name from now on. */
export async function adopt(input: { publicationId: string; organizationId: string; userId: string }) {
  return rawTransaction(async (sql) => {
    const [petition] = await sql.all<{ slug: string; organizationId: string }>(
      `SELECT p."slug", p."organizationId" FROM "Publication" p JOIN "Organization" o ON o."id" = p."organizationId"
        WHERE p."id" = ? AND p."origin" = 'citizen' AND p."status" IN ('open', 'closed', 'archived') AND o."slug" = ?`,
      [input.publicationId, CITIZENS_ORGANIZATION],
    );
    if (!petition) return false;
    const [organization] = await sql.all<{ id: string }>(
      `SELECT "id" FROM "Organization" WHERE "id" = ? AND "slug" <> ?`,
      [input.organizationId, CITIZENS_ORGANIZATION],
    );
    if (!organization) return false;
    await sql.run(`UPDATE "Publication" SET "organizationId" = ?, "updatedAt" = ? WHERE "id" = ?`, [
      organization.id,
      new Date(),
      input.publicationId,
    ]);
    await audit(
      { userId: input.userId, organizationId: organization.id, action: "citizen.adopt", target: petition.slug },
      sql,
    );
    return true;
  });
}

export type RejectedItem = {
  slug: string;
  reason: RejectionReason;
  rejectedAt: string;
  /** Null where the reason hides the petition's words. */
  title: { kk: string; ru: string } | null;
  summary: { kk: string; ru: string } | null;
  note: string | null;
  duplicateOf: { slug: string; title: { kk: string; ru: string } } | null;
};

/** Rejected petitions, newest first: public, so that moderation can be checked (no creator data). */
export async function rejectedPetitions(take = 200): Promise<RejectedItem[]> {
  const rows = await rawAll<Record<string, unknown>>(
    `SELECT p."slug", p."titleKk", p."titleRu", p."summaryKk", p."summaryRu", c."rejectionReason", c."rejectionNote", c."decidedAt",
            d."slug" AS "dSlug", d."titleKk" AS "dTitleKk", d."titleRu" AS "dTitleRu", d."status" AS "dStatus"
       FROM "CitizenPetition" c JOIN "Publication" p ON p."id" = c."publicationId"
       LEFT JOIN "Publication" d ON d."id" = c."duplicateOfId"
      WHERE p."status" = 'rejected' ORDER BY c."decidedAt" DESC LIMIT ?`,
    [take],
  );
  return rows.map((row) => {
    const reason = row.rejectionReason as RejectionReason;
    const hidden = hidesText.has(reason);
    const duplicateVisible = row.dSlug && ["open", "closed", "archived"].includes(row.dStatus as string);
    return {
      slug: row.slug as string,
      reason,
      rejectedAt: toDate(row.decidedAt)!.toISOString(),
      title: hidden ? null : { kk: row.titleKk as string, ru: row.titleRu as string },
      summary: hidden ? null : { kk: row.summaryKk as string, ru: row.summaryRu as string },
      note: hidden ? null : ((row.rejectionNote as string | null) ?? null),
      duplicateOf: duplicateVisible
        ? { slug: row.dSlug as string, title: { kk: row.dTitleKk as string, ru: row.dTitleRu as string } }
        : null,
    };
  });
}

/** The latest decided citizen petitions (for the queue page, and adoption by an organization). */
export async function recentCitizenPetitions(take = 30) {
  const rows = await rawAll<Record<string, unknown>>(
    `${VIEW_SELECT} WHERE p."status" IN ('open', 'closed', 'archived', 'rejected') ORDER BY c."decidedAt" DESC LIMIT ?`,
    [take],
  );
  return rows.map(toView);
}
