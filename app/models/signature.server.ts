// Signing and confirming. The visitor always sees the same "check your mail" page; what really
// happened (new, already pending, already confirmed, closed) is told only by mail to the address.
import { config } from "~/config.server.ts";
import { db, isUniqueViolation } from "~/db.server.ts";
import type { Locale } from "~/i18n.ts";
import { canonicalEmail } from "~/lib/email.ts";
import { hashToken, looksLikeToken, newToken } from "~/lib/tokens.server.ts";
import { isOpenForSigning, signingEndedAt } from "~/models/publication.server.ts";
import { enqueueMail } from "~/services/mail/outbox.server.ts";
import { alreadySignedMail, confirmationMail } from "~/services/mail/templates.server.ts";
import { announceCountChange } from "~/services/live.server.ts";

/** Mails per signature, whatever their reason: a form cannot be used to flood a mailbox. */
export const MAX_MAILS_PER_SIGNATURE = 5;

type PetitionRef = {
  id: string;
  slug: string;
  kind: string;
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
};

export type SubmitOutcome = "created" | "resent" | "already-confirmed" | "mail-limit" | "closed";

const petitionUrl = (locale: Locale, slug: string) => `${config().publicUrl}/${locale}/p/${encodeURIComponent(slug)}`;
const confirmUrl = (locale: Locale, token: string) => `${config().publicUrl}/${locale}/confirm/${token}`;

/** Records a signature request and queues the right mail. The outcome is for tests and logs only. */
export async function submitSignature(petition: PetitionRef, input: SignatureInput): Promise<SubmitOutcome> {
  if (!isOpenForSigning(petition)) return "closed";
  const email = input.email.trim().toLowerCase();
  const emailCanonical = canonicalEmail(email);
  try {
    await db().$transaction(async (tx) => {
      const signature = await tx.signature.create({
        data: {
          publicationId: petition.id,
          name: input.name,
          email,
          emailCanonical,
          region: input.region,
          locale: input.locale,
          isPublic: input.isPublic,
          wantsUpdates: input.wantsUpdates,
          ipHash: input.ipHash,
          mailsSent: 1,
        },
        select: { id: true },
      });
      const token = await issueConfirmToken(tx, signature.id);
      await enqueueMail(tx, confirmationMail({ ...input, to: email, petition, confirmUrl: confirmUrl(input.locale, token), ttlDays: ttlDays() }));
    });
    return "created";
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return remindExistingSigner(petition, emailCanonical, input.locale);
}

/** Someone submitted an address that already signed: resend the link, or say it counts already. */
async function remindExistingSigner(petition: PetitionRef, emailCanonical: string, locale: Locale): Promise<SubmitOutcome> {
  return db().$transaction(async (tx) => {
    const existing = await tx.signature.findUnique({
      where: { publicationId_emailCanonical: { publicationId: petition.id, emailCanonical } },
      select: { id: true, status: true, email: true, name: true, region: true, locale: true, mailsSent: true },
    });
    if (!existing) return "mail-limit";
    // Counted in the same statement as the check, so concurrent requests cannot exceed the cap.
    const counted = await tx.signature.updateMany({
      where: { id: existing.id, mailsSent: { lt: MAX_MAILS_PER_SIGNATURE } },
      data: { mailsSent: { increment: 1 } },
    });
    if (counted.count === 0) return "mail-limit";
    // Mail goes in the language of this request: that is the page the person is looking at.
    if (existing.status === "confirmed") {
      await enqueueMail(tx, alreadySignedMail({ to: existing.email, locale, petition, petitionUrl: petitionUrl(locale, petition.slug) }));
      return "already-confirmed";
    }
    const token = await issueConfirmToken(tx, existing.id);
    await enqueueMail(
      tx,
      confirmationMail({ to: existing.email, name: existing.name, region: existing.region, locale, petition, confirmUrl: confirmUrl(locale, token), ttlDays: ttlDays() }),
    );
    return "resent";
  });
}

/** The resend form: only an address that has a signature on this petition gets mail. */
export async function resendConfirmation(petition: PetitionRef, email: string, locale: Locale): Promise<SubmitOutcome> {
  if (!isOpenForSigning(petition) && !withinGrace(petition)) return "closed";
  return remindExistingSigner(petition, canonicalEmail(email), locale);
}

const ttlDays = () => Math.max(1, Math.round(config().confirmTokenTtlMs / 86_400_000));

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

async function issueConfirmToken(tx: Tx, signatureId: string) {
  const token = newToken();
  await tx.signatureToken.create({
    data: { signatureId, purpose: "confirm", tokenHash: hashToken(token), expiresAt: new Date(Date.now() + config().confirmTokenTtlMs) },
  });
  return token;
}

function withinGrace(petition: PetitionRef, now = new Date()) {
  const ended = signingEndedAt(petition, now);
  return !ended || ended.getTime() + config().confirmGraceAfterCloseMs > now.getTime();
}

export type ConfirmResult =
  | { outcome: "confirmed" | "already-confirmed" | "expired" | "closed"; petition: PetitionRef; region: string }
  | { outcome: "invalid" };

/** Confirms the signature behind a link token. Idempotent: a second click finds it confirmed. */
export async function confirmSignature(token: string, now = new Date()): Promise<ConfirmResult> {
  if (!looksLikeToken(token)) return { outcome: "invalid" };
  const found = await db().signatureToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      purpose: true,
      expiresAt: true,
      signature: {
        select: {
          id: true,
          status: true,
          region: true,
          publication: { select: { id: true, slug: true, kind: true, status: true, deadline: true, closedAt: true, titleKk: true, titleRu: true } },
        },
      },
    },
  });
  if (!found || found.purpose !== "confirm") return { outcome: "invalid" };
  const { signature } = found;
  const petition = signature.publication;
  const result = { petition, region: signature.region };
  if (signature.status === "confirmed") return { outcome: "already-confirmed", ...result };
  if (signature.status !== "pending" || petition.status === "draft") return { outcome: "invalid" };
  if (found.expiresAt <= now) return { outcome: "expired", ...result };
  if (!withinGrace(petition, now)) return { outcome: "closed", ...result };

  const changed = await db().$transaction(async (tx) => {
    const updated = await tx.signature.updateMany({
      where: { id: signature.id, status: "pending" },
      data: { status: "confirmed", confirmedAt: now },
    });
    if (updated.count !== 1) return false;
    await tx.regionCount.update({
      where: { publicationId_region: { publicationId: petition.id, region: signature.region } },
      data: { confirmed: { increment: 1 } },
    });
    await tx.signatureToken.update({ where: { id: found.id }, data: { usedAt: now } });
    return true;
  });
  if (!changed) return { outcome: "already-confirmed", ...result };
  await announceCountChange(petition.id);
  return { outcome: "confirmed", ...result };
}

export type PublicSigner = { name: string; region: string; confirmedAt: Date };

/** Confirmed signers who chose to be shown, newest first. Nothing else about them leaves here. */
export async function listPublicSigners(publicationId: string, page: number, perPage = 20) {
  const rows = await db().signature.findMany({
    where: { publicationId, status: "confirmed", isPublic: true },
    orderBy: [{ confirmedAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * perPage,
    take: perPage + 1,
    select: { name: true, region: true, confirmedAt: true },
  });
  return {
    signers: rows.slice(0, perPage).map((row) => ({ name: row.name, region: row.region, confirmedAt: row.confirmedAt! })),
    hasMore: rows.length > perPage,
  };
}
