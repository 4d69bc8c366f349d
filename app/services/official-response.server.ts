// The addressee's official response: saved from the workspace (text, date, link, PDF document),
// then announced once to every confirmed signer who asked for news, in their language, through the
// paced outbox (decision 044). "Once" holds however often the response is saved or edited: each
// mail has a dedupe key per (petition, signature), and responseMailedAt marks the announcement done.
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import type { Locale } from "~/i18n.ts";
import { formatDate } from "~/lib/format.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { saveResponse, type ResponseInput } from "~/models/editor.server.ts";
import { officialResponseMail } from "~/services/mail/templates.server.tsx";
import { fromOrganization, queueForOptedInSigners } from "~/services/updates.server.ts";

const responseDedupeKey = (publicationId: string, signatureId: string) => `response:${publicationId}:${signatureId}`;

/** The public address of a response document (served by api.v1.petitions.$slug.response[.pdf]). */
const responseDocumentUrl = (slug: string) =>
  `${config().publicUrl}/api/v1/petitions/${encodeURIComponent(slug)}/response.pdf`;

/** Excerpt of the response for the mail: the text as entered, cut at a paragraph near 1 200 characters. */
function excerptOf(text: string | null) {
  const clean = (text ?? "").replace(/\r\n?/g, "\n").trim();
  if (clean.length <= 1_200) return clean;
  const cut = clean.lastIndexOf("\n\n", 1_200);
  return `${clean.slice(0, cut > 400 ? cut : 1_200).trim()} …`;
}

/** Saves the response; the first time it is posted, the announcement starts (in the background). */
export async function postResponse(input: {
  publicationId: string;
  fields: ResponseInput;
  document: { sha256: string; bytes: number } | null | undefined;
  userId: string;
}) {
  const saved = await saveResponse(
    input.publicationId,
    { ...input.fields, document: input.document },
    { userId: input.userId },
  );
  if (saved && input.fields.respondedAt)
    void announceResponse(input.publicationId).catch((error) =>
      log.error("response.announce_failed", { publication: input.publicationId, ...errorFields(error) }),
    );
  return saved;
}

const inProgress = new Set<string>();

/** Queues the response mail for every opted-in signer not mailed yet; safe to run again or at once. */
async function announceResponse(publicationId: string) {
  if (inProgress.has(publicationId)) return null;
  inProgress.add(publicationId);
  try {
    const petition = await db().publication.findUnique({
      where: { id: publicationId },
      select: {
        id: true,
        slug: true,
        titleKk: true,
        titleRu: true,
        respondedAt: true,
        responseKk: true,
        responseRu: true,
        responseDocSha256: true,
        responsePostedAt: true,
        responseMailedAt: true,
        anonymizedAt: true,
        organization: { select: { nameKk: true, nameRu: true, email: true } },
      },
    });
    if (!petition?.respondedAt || !petition.responsePostedAt || petition.responseMailedAt) return null;
    const respondedAt = petition.respondedAt;
    if (!petition.anonymizedAt)
      await queueForOptedInSigners({
        publicationId: petition.id,
        keyFor: (signatureId) => responseDedupeKey(petition.id, signatureId),
        make: (recipient: { to: string; locale: Locale; token: string }) => {
          const own = recipient.locale === "kk" ? petition.responseKk : petition.responseRu;
          const other = recipient.locale === "kk" ? petition.responseRu : petition.responseKk;
          return fromOrganization(
            officialResponseMail({
              to: recipient.to,
              locale: recipient.locale,
              petition,
              respondedOn: formatDate(recipient.locale, respondedAt),
              excerpt: excerptOf(own || other),
              petitionUrl: `${config().publicUrl}/${recipient.locale}/p/${encodeURIComponent(petition.slug)}`,
              documentUrl: petition.responseDocSha256 ? responseDocumentUrl(petition.slug) : null,
              unsubscribeUrl: `${config().publicUrl}/unsubscribe/${recipient.token}`,
            }),
            petition.organization,
            recipient.locale === "kk" ? petition.organization.nameKk : petition.organization.nameRu,
          );
        },
      });
    const recipients = await db().outboxMessage.count({
      where: { dedupeKey: { startsWith: `response:${petition.id}:` } },
    });
    await db().publication.updateMany({
      where: { id: petition.id, responseMailedAt: null },
      data: { responseMailedAt: new Date() },
    });
    log.info("response.announced", { petition: petition.slug, recipients });
    return { recipients };
  } finally {
    inProgress.delete(publicationId);
  }
}

/** For the job: announcements a crash or a lost request left unfinished. */
export async function resumeResponseAnnouncements() {
  const pending = await db().publication.findMany({
    where: { responsePostedAt: { not: null }, respondedAt: { not: null }, responseMailedAt: null },
    select: { id: true },
    take: 100,
  });
  let resumed = 0;
  for (const { id } of pending) {
    try {
      if (await announceResponse(id)) resumed++;
    } catch (error) {
      log.error("response.resume_failed", { publication: id, ...errorFields(error) });
    }
  }
  return { resumed };
}

/** How many response mails were queued for a petition (the workspace shows it). */
export async function responseMailCount(publicationId: string) {
  return db().outboxMessage.count({ where: { dedupeKey: { startsWith: `response:${publicationId}:` } } });
}
