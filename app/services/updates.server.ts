// Updates from organizers to the confirmed signers who asked for news, and the unsubscribe link.
// Sending is resumable and idempotent: one outbox message per (update, signature), keyed by a
// dedupe key, queued in short transactions, each with a send time no earlier than the configured
// rate allows. An update stays "sending" until every recipient is queued; a job finishes it after
// a crash. See docs/decisions/019-updates-to-signers.md.
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { config } from "~/config.server.ts";
import { db, type Db } from "~/db.server.ts";
import { isLocale, type Locale } from "~/i18n.ts";
import { latinMail } from "~/lib/latin-html.ts";
import { currentLatinSpellings } from "~/services/latin-spellings.server.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { CONTROL_CHARACTERS, withoutControlCharacters } from "~/lib/text-rules.ts";
import { keyedHash } from "~/lib/tokens.server.ts";
import { audited, type AuditEntry } from "~/models/audit.server.ts";
import { collectsSignatures } from "~/models/publication.server.ts";
import { announceCountChange } from "~/models/count-changes.server.ts";
import { kickOutbox } from "~/services/mail/outbox.server.ts";
import { enqueueMails, type NewMail } from "~/models/outbox.server.ts";
import { signerUpdateMail } from "~/services/mail/templates.server.tsx";
import { REPLY_TO, replyToAddress, SENDER_NAME } from "~/services/mail/transport.server.ts";

/** Recipients queued per transaction: short enough never to hold the database for long. */
const CHUNK = 300;
/** Two bodies of up to 20 000 characters, percent-encoded (Cyrillic: 6 bytes a letter). */
export const UPDATE_FORM_BYTES = 320_000;
/** PostgreSQL advisory lock: one sender at a time computes send times, across instances. */
const PACE_LOCK = 4242019;

const subject = (key: string) =>
  z
    .string()
    .transform((value) => value.replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .refine(withoutControlCharacters, CONTROL_CHARACTERS)
        .min(1, `${key}Required`)
        .max(200, "subjectTooLong"),
    );
const body = (key: string) =>
  z
    .string()
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .refine(withoutControlCharacters, CONTROL_CHARACTERS)
        .min(1, `${key}Required`)
        .max(20_000, "bodyTooLong"),
    );

const updateFormSchema = z.object({
  subjectKk: subject("subject"),
  subjectRu: subject("subject"),
  bodyKk: body("body"),
  bodyRu: body("body"),
});
export type UpdateFields = z.output<typeof updateFormSchema>;

/** Field errors as i18n keys (namespace "updates", under "errors."), or the clean values. */
export function parseUpdateForm(form: Record<string, string>) {
  const parsed = updateFormSchema.safeParse({
    subjectKk: form.subjectKk ?? "",
    subjectRu: form.subjectRu ?? "",
    bodyKk: form.bodyKk ?? "",
    bodyRu: form.bodyRu ?? "",
  });
  if (parsed.success) return { ok: true as const, data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { ok: false as const, errors };
}

/** Publications whose signers can get updates and be exported: petitions and endorsable statements. */
export async function findSignablePublication(id: string) {
  const publication = await db().publication.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      kind: true,
      endorsable: true,
      status: true,
      titleKk: true,
      titleRu: true,
      anonymizedAt: true,
      organizationId: true,
      organization: { select: { nameKk: true, nameRu: true, email: true } },
    },
  });
  return publication && collectsSignatures(publication) ? publication : null;
}

const recipientWhere = (publicationId: string) => ({
  publicationId,
  status: "confirmed",
  wantsUpdates: true,
  email: { not: "" },
});

/** Who would get an update now, per language. */
export async function recipientCounts(publicationId: string, from: Pick<Db, "signature"> = db()) {
  const rows = await from.signature.groupBy({
    by: ["locale"],
    where: recipientWhere(publicationId),
    _count: { _all: true },
  });
  const counts = { kk: 0, ru: 0 };
  for (const row of rows) if (isLocale(row.locale)) counts[row.locale] += row._count._all;
  return counts;
}

export async function listUpdates(publicationId: string) {
  return db().signerUpdate.findMany({
    where: { publicationId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      subjectKk: true,
      subjectRu: true,
      status: true,
      recipients: true,
      createdAt: true,
      sentAt: true,
      isPublic: true,
    },
  });
}

/** Who changes an update, and on which petition: each change writes its audit entry in its own transaction. */
type UpdateActor = { userId: string; organizationId: string; slug: string };

const updateEntry = (by: UpdateActor, action: string, details: Record<string, unknown>): AuditEntry => ({
  userId: by.userId,
  organizationId: by.organizationId,
  action,
  target: by.slug,
  details,
});

/** Shows an update on the petition page (once sent) or keeps it private; the page refreshes. */
export async function setUpdateVisibility(input: {
  updateId: string;
  publicationId: string;
  isPublic: boolean;
  by: UpdateActor;
}) {
  const { count } = await audited(
    (tx) =>
      tx.signerUpdate.updateMany({
        where: { id: input.updateId, publicationId: input.publicationId },
        data: { isPublic: input.isPublic },
      }),
    ({ count }) =>
      count === 1
        ? updateEntry(input.by, "update.visibility", { update: input.updateId, public: input.isPublic })
        : null,
  );
  // The public page lists public updates: it is built anew only when one changed.
  if (count === 1) await announceCountChange(input.publicationId);
  return count === 1;
}

/** Sent updates the organizers left public, newest first: what the page and the feed show. */
export async function listPublicUpdates(publicationId: string, take = 20) {
  return db().signerUpdate.findMany({
    where: { publicationId, isPublic: true, status: "sent", sentAt: { not: null } },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, subjectKk: true, subjectRu: true, bodyKk: true, bodyRu: true, sentAt: true },
  });
}

export async function createUpdateDraft(input: { publicationId: string; fields: UpdateFields; by: UpdateActor }) {
  return audited(
    (tx) =>
      tx.signerUpdate.create({
        // New updates are published on the petition page once sent, unless an organizer keeps one private.
        data: { publicationId: input.publicationId, createdById: input.by.userId, isPublic: true, ...input.fields },
        select: { id: true },
      }),
    (draft) => updateEntry(input.by, "update.draft", { update: draft.id }),
  );
}

/** Deletes an update that is still a draft (nothing was queued for it); false once sending started. */
export async function deleteUpdateDraft(input: { updateId: string; subjectKk: string; by: UpdateActor }) {
  const { count } = await audited(
    (tx) => tx.signerUpdate.deleteMany({ where: { id: input.updateId, status: "draft" } }),
    ({ count }) =>
      count === 1
        ? updateEntry(input.by, "update.delete", { update: input.updateId, subjectKk: input.subjectKk })
        : null,
  );
  return count === 1;
}

/** Only drafts change; returns false once sending has begun. */
export async function saveUpdateDraft(input: { updateId: string; fields: UpdateFields; by: UpdateActor }) {
  const { count } = await audited(
    (tx) => tx.signerUpdate.updateMany({ where: { id: input.updateId, status: "draft" }, data: input.fields }),
    ({ count }) => (count === 1 ? updateEntry(input.by, "update.edit", { update: input.updateId }) : null),
  );
  return count === 1;
}

// ---- the mail --------------------------------------------------------------------------------

type UpdateForMail = { subjectKk: string; subjectRu: string; bodyKk: string; bodyRu: string };
type PublicationForMail = {
  id: string;
  slug: string;
  /** A statement's signers endorsed it: the mail says so (the "_statement" wording). */
  kind: string;
  titleKk: string;
  titleRu: string;
  organization: { nameKk: string; nameRu: string; email?: string | null };
};

/** Signer news comes from the organization: its name as the sender's, its public address as Reply-To. */
export function fromOrganization(mail: NewMail, organization: { email?: string | null }, name: string): NewMail {
  const replyTo = replyToAddress(organization.email);
  return {
    ...mail,
    headers: { ...mail.headers, [SENDER_NAME]: name, ...(replyTo ? { [REPLY_TO]: replyTo } : {}) },
  };
}

const unsubscribeUrl = (token: string) => `${config().publicUrl}/unsubscribe/${token}`;

/** The organizer's text rendered once per language; each recipient's mail only adds address and link. */
function mailFactory(update: UpdateForMail, publication: PublicationForMail) {
  const rendered = {
    kk: {
      subject: update.subjectKk,
      bodyHtml: renderMarkdown(update.bodyKk, "Кесте"),
      bodyText: update.bodyKk,
      organization: publication.organization.nameKk,
    },
    ru: {
      subject: update.subjectRu,
      bodyHtml: renderMarkdown(update.bodyRu, "Таблица"),
      bodyText: update.bodyRu,
      organization: publication.organization.nameRu,
    },
  };
  return (recipient: { to: string; locale: Locale; token: string }) =>
    fromOrganization(
      signerUpdateMail({
        to: recipient.to,
        locale: recipient.locale,
        petition: publication,
        ...rendered[recipient.locale],
        petitionUrl: `${config().publicUrl}/${recipient.locale}/p/${encodeURIComponent(publication.slug)}`,
        unsubscribeUrl: unsubscribeUrl(recipient.token),
      }),
      publication.organization,
      rendered[recipient.locale].organization,
    );
}

/** The mail exactly as a signer in each language will get it (with a placeholder link). */
export function previewMails(update: UpdateForMail, publication: PublicationForMail) {
  const make = mailFactory(update, publication);
  return {
    kk: make({ to: "", locale: "kk", token: "…" }),
    ru: make({ to: "", locale: "ru", token: "…" }),
  };
}

/**
 * The mail's HTML for the workspace page: the inside of its body, without its inline styles (the
 * site's Content-Security-Policy forbids them). Our own template: attributes are always quoted.
 */
export function mailPreviewHtml(html: string) {
  const inner = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? "";
  return inner.replace(/ style="[^"]*"/g, "");
}

// ---- sending ---------------------------------------------------------------------------------

const dedupeKeyFor = (updateId: string, signatureId: string) => `update:${updateId}:${signatureId}`;

/**
 * draft → sending, once: a double click or a second organizer gets false. The audit entry names
 * how many would get it at this moment, per language.
 */
export async function startSending(input: { updateId: string; publicationId: string; by: UpdateActor }) {
  const started = await audited(
    async (tx) => {
      const { count } = await tx.signerUpdate.updateMany({
        where: { id: input.updateId, status: "draft" },
        data: { status: "sending" },
      });
      return count === 1 ? await recipientCounts(input.publicationId, tx) : null;
    },
    (counts) => (counts ? updateEntry(input.by, "update.send", { update: input.updateId, recipients: counts }) : null),
  );
  return started !== null;
}

/** Updates this process is queueing right now: the job leaves them to the request that began them. */
const inProgress = new Set<string>();

/**
 * Queues the update for every recipient not queued yet, then marks it sent. Safe to run again
 * (after a crash, from the job, twice at once): already queued recipients are skipped.
 */
export async function enqueueUpdate(updateId: string) {
  if (inProgress.has(updateId)) return null;
  inProgress.add(updateId);
  try {
    return await enqueueRemaining(updateId);
  } finally {
    inProgress.delete(updateId);
  }
}

/** Mail kinds that share one pace (UPDATE_MAIL_RATE) and that unsubscribing drops. */
const SIGNER_NEWS_KINDS = ["update", "response"];

type Recipient = { id: string; email: string; locale: string; script: string | null };

/**
 * Queues one mail per opted-in signer of a petition not queued yet (by dedupe key), in chunks, each
 * with a send time that continues the one pace of all signer news. Safe to run again and at once.
 */
export async function queueForOptedInSigners(input: {
  publicationId: string;
  keyFor: (signatureId: string) => string;
  make: (recipient: { to: string; locale: Locale; token: string }) => NewMail;
}) {
  const intervalMs = 60_000 / config().updateMailRatePerMinute;
  // Titles organizers spelled in Latin by hand (decision 057), for signers of /kk-latn/ pages.
  const spellings = await currentLatinSpellings();
  let cursor = "";
  for (;;) {
    const batch: Recipient[] = await db().signature.findMany({
      where: { ...recipientWhere(input.publicationId), id: { gt: cursor } },
      orderBy: { id: "asc" },
      take: CHUNK,
      select: { id: true, email: true, locale: true, script: true },
    });
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1].id;
    await db().$transaction(
      async (tx) => {
        if (config().database === "postgres")
          await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${PACE_LOCK})::text AS locked`);
        const keys = batch.map((signature) => input.keyFor(signature.id));
        const queued = new Set(
          (await tx.outboxMessage.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map(
            (row) => row.dedupeKey,
          ),
        );
        const fresh = batch.filter((signature) => !queued.has(input.keyFor(signature.id)));
        if (fresh.length === 0) return;
        // Continue after the last signer news mail already scheduled: one pace for all.
        // Retries are left out: one failing mailbox backing off for minutes must not delay the rest.
        const last = await tx.outboxMessage.findFirst({
          where: { status: "queued", kind: { in: SIGNER_NEWS_KINDS }, attempts: 0 },
          orderBy: { nextAttemptAt: "desc" },
          select: { nextAttemptAt: true },
        });
        const start = Math.max(Date.now(), last ? last.nextAttemptAt.getTime() + intervalMs : 0);
        await enqueueMails(
          tx,
          fresh.map((signature, index): NewMail => {
            const locale: Locale = isLocale(signature.locale) ? signature.locale : "kk";
            const made = input.make({ to: signature.email, locale, token: unsubscribeToken(signature.id) });
            // Signed on a /kk-latn/ page: the Kazakh mail in Latin script (decision 055).
            const mail =
              signature.script === "Latn" && locale === "kk" ? latinMail(made, config().publicUrl, spellings) : made;
            return {
              ...mail,
              publicationId: input.publicationId,
              dedupeKey: input.keyFor(signature.id),
              notBefore: new Date(Math.ceil(start + index * intervalMs)),
            };
          }),
        );
      },
      { timeout: 60_000 },
    );
    kickOutbox();
  }
}

async function enqueueRemaining(updateId: string) {
  const update = await db().signerUpdate.findUnique({
    where: { id: updateId },
    select: {
      id: true,
      status: true,
      subjectKk: true,
      subjectRu: true,
      bodyKk: true,
      bodyRu: true,
      publication: {
        select: {
          id: true,
          slug: true,
          kind: true,
          titleKk: true,
          titleRu: true,
          anonymizedAt: true,
          organization: { select: { nameKk: true, nameRu: true, email: true } },
        },
      },
    },
  });
  if (!update || update.status !== "sending") return null;
  // Anonymised signers have no address left (and wantsUpdates is off): nothing to queue.
  if (!update.publication.anonymizedAt)
    await queueForOptedInSigners({
      publicationId: update.publication.id,
      keyFor: (signatureId) => dedupeKeyFor(update.id, signatureId),
      make: mailFactory(update, update.publication),
    });
  const recipients = await queuedCount(update.id);
  await db().signerUpdate.updateMany({
    where: { id: update.id, status: "sending" },
    data: { status: "sent", recipients, sentAt: new Date() },
  });
  log.info("updates.queued", { update: update.id, petition: update.publication.slug, recipients });
  // A public update appears on the petition page now.
  await announceCountChange(update.publication.id);
  return { recipients };
}

/** How many mails of this update are in the outbox (queued or already sent). */
export async function queuedCount(updateId: string) {
  return db().outboxMessage.count({ where: { dedupeKey: { startsWith: `update:${updateId}:` } } });
}

/** The job: finishes updates left "sending" by a crash or a lost request. */
export async function resumeSendingUpdates() {
  const pending = await db().signerUpdate.findMany({ where: { status: "sending" }, select: { id: true } });
  let resumed = 0;
  for (const { id } of pending) {
    try {
      if (await enqueueUpdate(id)) resumed++;
    } catch (error) {
      log.error("updates.resume_failed", { update: id, ...errorFields(error) });
    }
  }
  return { resumed };
}

// ---- unsubscribing ---------------------------------------------------------------------------

/** No table needed: the signature id with a keyed MAC of it. Valid as long as the signature exists. */
function unsubscribeToken(signatureId: string) {
  return `${signatureId}.${keyedHash(config().sessionSecret, `unsubscribe:${signatureId}`)}`;
}

function signatureIdFrom(token: string) {
  const match = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(keyedHash(config().sessionSecret, `unsubscribe:${match[1]}`));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}

const unsubscribeSelect = {
  id: true,
  locale: true,
  wantsUpdates: true,
  publication: { select: { slug: true, kind: true, titleKk: true, titleRu: true } },
} as const;

/** For the page: whose link this is (never the address or name). */
export async function findByUnsubscribeToken(token: string) {
  const id = signatureIdFrom(token);
  return id ? db().signature.findUnique({ where: { id }, select: unsubscribeSelect }) : null;
}

/** Turns updates off for this signature and drops its update mails not sent yet. Idempotent. */
export async function unsubscribe(token: string) {
  const found = await findByUnsubscribeToken(token);
  if (!found) return null;
  if (found.wantsUpdates) {
    await db().signature.update({ where: { id: found.id }, data: { wantsUpdates: false } });
    log.info("updates.unsubscribed", { petition: found.publication.slug });
  }
  await db().outboxMessage.deleteMany({
    where: {
      kind: { in: SIGNER_NEWS_KINDS },
      status: "queued",
      dedupeKey: { endsWith: `:${found.id}` },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: new Date() } }],
    },
  });
  return found;
}
