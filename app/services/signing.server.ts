// Signing: the form's server side (size and honeypot checks, validation, abuse rules), then the
// storing of new signatures in shared transactions (group commit, decision 027) through the one
// writer, insertSignatures. Used by the petition page's action and by the plain POST path in
// front of Remix (sign-post.server.ts). The visitor always sees the same "check your mail" page;
// what happened is told only by mail.
import { json, redirect } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { config } from "~/config.server.ts";
import type { Locale } from "~/i18n.ts";
import { canonicalEmail, emailDomain } from "~/lib/email.ts";
import { latinMail, wantsLatin, type LatinSpellings } from "~/lib/latin-html.ts";
import { currentLatinSpellings } from "~/services/latin-spellings.server.ts";
import { suggestEmail } from "~/lib/email-typo.ts";
import { log } from "~/lib/log.server.ts";
import { rawAll, rawTransaction, toBool, toDate } from "~/lib/raw-sql.server.ts";
import { parseSignForm } from "~/lib/sign-schema.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { hashToken, keyedHash, newToken } from "~/lib/tokens.server.ts";
import { spendMailBudget } from "~/models/mail-budget.server.ts";
import { isOpenForSigning, signableSql, signingEndedAt } from "~/models/publication.server.ts";
import {
  insertSignatures,
  MAX_MAILS_PER_SIGNATURE,
  receiptFor,
  WITHDRAW_TOKEN_TTL_MS,
  type NewSignature,
} from "~/models/signature.server.ts";
import { isDisposableDomain, judgeSubmission } from "~/services/abuse.server.ts";
import { batchedWrites } from "~/services/batched-writes.server.ts";
import { announceCountChange } from "~/models/count-changes.server.ts";
import { enqueueMails, type NewMail } from "~/models/outbox.server.ts";
import { kickOutbox } from "~/services/mail/outbox.server.ts";
import { alreadySignedMail, confirmationMail, signatureEndedMail } from "~/services/mail/templates.server.tsx";
import { signatureBatchRetries, signatureBatchSize, signatures } from "~/services/metrics.server.ts";
import { allow } from "~/services/rate-limit.server.ts";
import { rememberSentTo } from "~/services/sent-cookie.server.ts";

const checkEmailPath = (locale: Locale, slug: string) => `/${locale}/p/${encodeURIComponent(slug)}/check-email`;

const ipHash = (clientIp: string) => (clientIp ? keyedHash(config().sessionSecret, `ip:${clientIp}`) : null);

/** The petition a form posts to (raw: one statement per signature, decision 015). */
async function findPetition(slug: string) {
  const [row] = await rawAll<Record<string, unknown>>(
    `SELECT "id", "slug", "kind", "endorsable", "version", "status", "deadline", "closedAt", "titleKk", "titleRu" FROM "Publication"
      WHERE "slug" = ? AND ${signableSql} AND "status" IN ('open', 'closed', 'archived')`,
    [slug],
  );
  if (!row) return null;
  return {
    id: row.id as string,
    slug: row.slug as string,
    kind: row.kind as string,
    endorsable: toBool(row.endorsable),
    version: Number(row.version),
    status: row.status as string,
    deadline: toDate(row.deadline),
    closedAt: toDate(row.closedAt),
    titleKk: row.titleKk as string,
    titleRu: row.titleRu as string,
  };
}

export async function handleSignPost(input: { request: Request; locale: Locale; slug: string; clientIp: string }) {
  return signWithForm({ ...input, latin: wantsLatin(input.request.headers), form: await readSmallForm(input.request) });
}

/**
 * Every check and write of a signature submission, for a form already read: from the page's
 * action and from the plain-POST path in front of Remix (sign-post.server.ts). Returns the 303 to
 * the check-email page, or the answer the page renders (400 with errors, 429); throws 404.
 */
export async function signWithForm(input: {
  form: Record<string, string>;
  locale: Locale;
  slug: string;
  clientIp: string;
  /** Signed on a /kk-latn/ page: the mails go out in Latin script. */
  latin?: boolean;
  /** A petition not public yet (a citizen petition's supporters page) and where its form leads. */
  unpublished?: { petition: PetitionRef; done: string };
}) {
  const { form } = input;
  const petition = input.unpublished?.petition ?? (await findPetition(input.slug));
  if (!petition) throw new Response("Not Found", { status: 404 });
  const done = redirect(input.unpublished?.done ?? checkEmailPath(input.locale, petition.slug), { status: 303 });
  // A bot filled the hidden field: it sees the same page as everyone, nothing is stored.
  if (form.website) return done;
  const parsed = parseSignForm(form);
  const errors = parsed.ok ? {} : parsed.errors;
  const typo = checkEmailTypo(form, errors.email ? null : parsed.ok ? parsed.data.email : (form.email ?? "").trim());
  if (typo.suggestion) errors.email = "emailTypo";
  if (parsed.ok && isDisposableDomain(emailDomain(typo.email))) errors.email = "emailDisposable";
  if (!parsed.ok || Object.keys(errors).length) {
    const { name, region, consent, public: isPublic, updates } = form;
    const email = typo.email ?? form.email;
    return json(
      {
        errors,
        errorCount: Object.keys(errors).length,
        values: { name, email, region, consent, public: isPublic, updates, emailSuggestion: typo.suggestion },
      },
      { status: 400 },
    );
  }
  const hash = ipHash(input.clientIp);
  const verdict = await judgeSubmission({ ipHash: hash, publicationId: petition.id, stamp: form.started });
  if (verdict.block) return json({ rateLimited: true }, { status: 429, headers: { "Retry-After": "600" } });
  const outcome = await submitSignature(petition, {
    name: parsed.data.name,
    email: typo.email,
    region: parsed.data.region,
    locale: input.locale,
    script: input.latin && input.locale === "kk" ? "Latn" : null,
    isPublic: parsed.data.public,
    wantsUpdates: parsed.data.updates,
    ipHash: hash,
    flag: verdict.flag,
  });
  log.info("signature.submitted", { petition: petition.slug, outcome, flagged: Boolean(verdict.flag) });
  signatures.inc({ outcome });
  return redirect(input.unpublished?.done ?? checkEmailPath(input.locale, petition.slug), {
    status: 303,
    headers: { "Set-Cookie": await rememberSentTo(petition.slug, typo.email) },
  });
}

/**
 * A likely typo in a common mail domain (decision 048) stops the submission once, with the
 * suggestion; the next submit carries the person's choice (emailChoice: fix or keep) for the
 * address they were shown (emailSeen), so nobody is asked twice about the same address.
 */
function checkEmailTypo(form: Record<string, string>, email: string | null) {
  if (email === null) return { email: (form.email ?? "").trim(), suggestion: undefined };
  const suggestion = suggestEmail(email);
  if (!suggestion) return { email, suggestion: undefined };
  const seen = (form.emailSeen ?? "").trim() === email;
  if (seen && form.emailChoice === "fix") return { email: suggestion, suggestion: undefined };
  if (seen && form.emailChoice === "keep") return { email, suggestion: undefined };
  return { email, suggestion };
}

export async function handleResendPost(input: { request: Request; locale: Locale; clientIp: string }) {
  const form = await readSmallForm(input.request);
  const petition = form.petition ? await findPetition(form.petition) : null;
  const email = (form.email ?? "").trim();
  const errors: Record<string, string> = {};
  if (!petition) errors.petition = "petitionRequired";
  const checked = parseSignForm({ name: "xx", email, region: "abroad", consent: "on" });
  if (!checked.ok && checked.errors.email) errors.email = checked.errors.email;
  if (!petition || Object.keys(errors).length)
    return json({ errors, values: { email, petition: form.petition ?? "" } }, { status: 400 });
  const hash = ipHash(input.clientIp);
  if (hash && !(await allow({ name: "resend", ...config().resendBlock }, hash)))
    return json({ rateLimited: true }, { status: 429, headers: { "Retry-After": "600" } });
  const outcome = await resendConfirmation(petition, email, input.locale, wantsLatin(input.request.headers));
  log.info("signature.resend", { petition: petition.slug, outcome });
  return redirect(checkEmailPath(input.locale, petition.slug), { status: 303 });
}

export type PetitionRef = {
  id: string;
  slug: string;
  kind: string;
  endorsable?: boolean;
  version?: number;
  status: string;
  deadline: Date | null;
  closedAt: Date | null;
  titleKk: string;
  titleRu: string;
};

type SignatureInput = {
  name: string;
  email: string;
  region: string;
  locale: Locale;
  /** "Latn": signed on a /kk-latn/ page (decision 055). */
  script?: "Latn" | null;
  isPublic: boolean;
  wantsUpdates: boolean;
  ipHash: string | null;
  /** Set by an abuse rule: stored, never counted until a moderator releases it. */
  flag?: string | null;
};

export type SubmitOutcome = "created" | "resent" | "already-confirmed" | "ended" | "mail-limit" | "closed";

const tokenUrl = (locale: Locale, action: "confirm" | "withdraw", token: string) =>
  `${config().publicUrl}/${locale}/${action}/${token}`;
const receiptUrl = (locale: Locale, slug: string, receipt: string) =>
  `${config().publicUrl}/${locale}/receipt?petition=${encodeURIComponent(slug)}&id=${receipt}`;
/** How many days a confirmation link works, for the mails and the check-your-mail page. */
export const ttlDays = () => Math.max(1, Math.round(config().confirmTokenTtlMs / 86_400_000));

function confirmationFor(
  petition: PetitionRef,
  to: string,
  region: string,
  locale: Locale,
  receipt: string,
  latin: LatinSpellings | null,
) {
  const confirm = newToken();
  const withdraw = newToken();
  const mail = inScript(
    latin,
    confirmationMail({
      to,
      region,
      locale,
      petition,
      confirmUrl: tokenUrl(locale, "confirm", confirm),
      withdrawUrl: tokenUrl(locale, "withdraw", withdraw),
      receipt,
      receiptUrl: receiptUrl(locale, petition.slug, receipt),
      ttlDays: ttlDays(),
    }),
  );
  return { mail, confirmHash: hashToken(confirm), withdrawHash: hashToken(withdraw) };
}

/** Records a signature request and queues the right mail. The outcome is for tests and logs only. */
async function submitSignature(petition: PetitionRef, input: SignatureInput): Promise<SubmitOutcome> {
  if (!isOpenForSigning(petition)) return "closed";
  const email = input.email.trim().toLowerCase();
  const emailCanonical = canonicalEmail(email);
  const id = randomUUID();
  const receipt = receiptFor(id);
  const latin = await latinFor(input.script);
  const stored = await storeSignature({
    id,
    receipt,
    publicationId: petition.id,
    version: petition.version ?? 1,
    name: input.name,
    email,
    emailCanonical,
    region: input.region,
    locale: input.locale,
    script: input.script ?? null,
    isPublic: input.isPublic,
    wantsUpdates: input.wantsUpdates,
    flag: input.flag ?? null,
    ipHash: input.ipHash,
    ...confirmationFor(petition, email, input.region, input.locale, receipt, latin),
    now: new Date(),
  });
  if (stored) return "created";
  return remindExistingSigner(petition, emailCanonical, input.locale, input.script);
}

/**
 * Kazakh mails for someone who signed on a Latin page are sent in Latin script, with the titles
 * organizers spelled by hand (decision 057): the spellings to use, or null for the Cyrillic mail.
 */
async function latinFor(script: string | null | undefined) {
  return script === "Latn" ? currentLatinSpellings() : null;
}

function inScript<M extends NewMail>(latin: LatinSpellings | null, mail: M): M {
  return latin ? latinMail(mail, config().publicUrl, latin) : mail;
}

/** Signatures per transaction under a crowd (PostgreSQL allows 65 535 parameters per statement). */
const MAX_SIGNATURES_PER_BATCH = 100;

/** The hottest write of the app (decisions 015, 027): signatures submitted together are stored together. */
const storeSignature = batchedWrites(
  async (sql, batch: NewSignature[]) => {
    const stored = await insertSignatures(sql, batch);
    return batch.map((signature) => stored.has(signature.id));
  },
  {
    maxBatch: MAX_SIGNATURES_PER_BATCH,
    // About five seconds of signing at full speed; beyond that a crowd gets "try again shortly".
    maxWaiting: 10_000,
    onBatch: (size) => signatureBatchSize.observe(size),
    onRetry: () => signatureBatchRetries.inc(),
    // The pending tier is published (and ledgered) too: pages and streams hear of it once per batch.
    afterCommit: async (batch, stored) => {
      kickOutbox();
      const changed = new Set(batch.filter((_, index) => stored[index]).map((signature) => signature.publicationId));
      for (const publicationId of changed) await announceCountChange(publicationId);
    },
  },
);

/** Someone submitted an address that already signed: resend the link, or say it counts already. */
async function remindExistingSigner(
  petition: PetitionRef,
  emailCanonical: string,
  locale: Locale,
  script?: string | null,
) {
  const latin = await latinFor(script);
  const outcome = await rawTransaction(async (sql): Promise<SubmitOutcome> => {
    const [existing] = await sql.all<{ id: string; status: string; email: string; region: string; receipt: string }>(
      `SELECT "id", "status", "email", "region", "receipt" FROM "Signature" WHERE "publicationId" = ? AND "emailCanonical" = ?`,
      [petition.id, emailCanonical],
    );
    if (!existing) return "mail-limit";
    // Counted in the same statement as the check, so concurrent requests cannot exceed the cap.
    const counted = await sql.run(
      `UPDATE "Signature" SET "mailsSent" = "mailsSent" + 1 WHERE "id" = ? AND "mailsSent" < ?`,
      [existing.id, MAX_MAILS_PER_SIGNATURE],
    );
    if (counted === 0) return "mail-limit";
    const [allowed] = await spendMailBudget(sql, [emailCanonical]);
    if (!allowed) return "mail-limit";
    // Mail goes in the language of this request: that is the page the person is looking at.
    const petitionUrl = `${config().publicUrl}/${locale}/p/${encodeURIComponent(petition.slug)}`;
    if (existing.status === "withdrawn" || existing.status === "removed") {
      const removed = existing.status === "removed";
      const ended = { to: existing.email, locale, petition, petitionUrl, receipt: existing.receipt, removed };
      await enqueueMails(sql, [inScript(latin, signatureEndedMail(ended))]);
      return "ended";
    }
    if (existing.status === "confirmed" || existing.status === "held") {
      await enqueueMails(sql, [
        inScript(latin, alreadySignedMail({ to: existing.email, locale, petition, petitionUrl })),
      ]);
      return "already-confirmed";
    }
    const { mail, confirmHash, withdrawHash } = confirmationFor(
      petition,
      existing.email,
      existing.region,
      locale,
      existing.receipt,
      latin,
    );
    const now = new Date();
    await sql.run(
      `INSERT INTO "SignatureToken" ("id", "signatureId", "purpose", "tokenHash", "expiresAt", "createdAt")
       VALUES (?, ?, 'confirm', ?, ?, ?), (?, ?, 'withdraw', ?, ?, ?)`,
      [
        randomUUID(),
        existing.id,
        confirmHash,
        new Date(now.getTime() + config().confirmTokenTtlMs),
        now,
        randomUUID(),
        existing.id,
        withdrawHash,
        new Date(now.getTime() + WITHDRAW_TOKEN_TTL_MS),
        now,
      ],
    );
    await enqueueMails(sql, [mail]);
    return "resent";
  });
  kickOutbox();
  return outcome;
}

/** The resend form: only an address that has a signature on this petition gets mail. */
async function resendConfirmation(petition: PetitionRef, email: string, locale: Locale, latin = false) {
  if (!isOpenForSigning(petition) && !withinGrace(petition)) return "closed";
  return remindExistingSigner(petition, canonicalEmail(email), locale, latin && locale === "kk" ? "Latn" : null);
}

/** Pending signatures may still be confirmed for CONFIRM_GRACE_AFTER_CLOSE after signing ends. */
export function withinGrace(petition: Parameters<typeof signingEndedAt>[0], now = new Date()) {
  const ended = signingEndedAt(petition, now);
  return !ended || ended.getTime() + config().confirmGraceAfterCloseMs > now.getTime();
}
