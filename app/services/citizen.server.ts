// Citizen petitions' flows (decision 040): the forms' server side (size, honeypot, validation,
// rate limits), the mails in the creator's language, and the moderator's decisions. The data
// rules live in app/models/citizen.server.ts; supporters sign through the signing flow itself.
import { json, redirect } from "@remix-run/node";
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import type { Locale } from "~/i18n.ts";
import {
  decisionSchema,
  parseCitizenForm,
  petitionTextSchema,
  startSchema,
  type PetitionText,
} from "~/lib/citizen-schema.ts";
import { canonicalEmail, emailDomain } from "~/lib/email.ts";
import { log } from "~/lib/log.server.ts";
import { keyedHash } from "~/lib/tokens.server.ts";
import { formFields, MAX_FORM_BYTES } from "~/lib/small-form.server.ts";
import {
  confirmCreator,
  createCitizenDraft,
  decide,
  newSupportersLink,
  petitionByToken,
  saveDraft,
  submitDraft,
  type DraftText,
} from "~/models/citizen.server.ts";
import { db } from "~/db.server.ts";
import { isDisposableDomain } from "~/services/abuse.server.ts";
import { kickOutbox } from "~/services/mail/outbox.server.ts";
import { citizenConfirmMail, citizenManageMail, citizenOutcomeMail } from "~/services/mail/citizen.server.ts";
import { allow } from "~/services/rate-limit.server.ts";
import { signWithForm, ttlDays } from "~/services/signing.server.ts";

/** How long the draft link and the supporters link work. */
const MANAGE_TTL_MS = 90 * 86_400_000;
const SUPPORTERS_TTL_MS = 90 * 86_400_000;
const TEXT_FORM_BYTES = 64 * 1024;

const ipHash = (clientIp: string) => (clientIp ? keyedHash(config().sessionSecret, `ip:${clientIp}`) : null);
const url = (path: string) => `${config().publicUrl}${path}`;

/** A citizen form: its text fields, and the regions it concerns (a repeated field). */
async function readCitizenForm(request: Request) {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > TEXT_FORM_BYTES)
    throw json({ error: "payload-too-large" }, { status: 413, headers: { Connection: "close" } });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw json({ error: "bad-form" }, { status: 400 });
  }
  const fields = formFields(form, TEXT_FORM_BYTES);
  const regions = form.getAll("regions").filter((value): value is string => typeof value === "string");
  return { fields, regions };
}

function draftText(text: PetitionText): DraftText {
  const label = (locale: Locale) =>
    text.addressee === "other" ? text.addresseeOther : serverT(locale, "citizen")(`addressees.${text.addressee}`);
  return {
    titleKk: text.titleKk,
    titleRu: text.titleRu,
    summaryKk: text.summaryKk,
    summaryRu: text.summaryRu,
    bodyKk: text.bodyKk,
    bodyRu: text.bodyRu,
    addresseeKk: label("kk"),
    addresseeRu: label("ru"),
    onlyLanguage: text.onlyLanguage,
    regionScope: text.regions.join(","),
  };
}

/**
 * The start page's POST. The visitor is sent to "check your mail" whatever happened with the
 * address (a limit reached, a mail not sent): only a 429 per requester is said openly.
 */
export async function startPetition(input: { request: Request; locale: Locale; clientIp: string }) {
  const { fields, regions } = await readCitizenForm(input.request);
  const done = redirect(`/${input.locale}/start/sent`, { status: 303 });
  if (fields.website) return done;
  const parsed = parseCitizenForm(startSchema, fields, regions);
  const errors = parsed.ok ? {} : { ...parsed.errors };
  if (parsed.ok && isDisposableDomain(emailDomain(parsed.data.email))) errors.email = "emailDisposable";
  if (!parsed.ok || Object.keys(errors).length)
    return json({ errors, values: { ...fields, regions } }, { status: 400 });
  const cfg = config();
  const hash = ipHash(input.clientIp);
  if (hash && !(await allow({ name: "citizen-start-ip", ...cfg.citizenStartIp }, hash)))
    return json({ rateLimited: true }, { status: 429, headers: { "Retry-After": "3600" } });
  const email = parsed.data.email.trim().toLowerCase();
  const emailCanonical = canonicalEmail(email);
  // Per address, whoever asks: the address's owner cannot be buried in drafts started in their name.
  if (
    !(await allow(
      { name: "citizen-start-email", ...cfg.citizenStartEmail },
      keyedHash(cfg.sessionSecret, `citizen:${emailCanonical}`),
    ))
  ) {
    log.info("citizen.start", { outcome: "email-limit" });
    return done;
  }
  const created = await createCitizenDraft({
    text: draftText(parsed.data),
    creator: { name: parsed.data.name, email, emailCanonical, locale: input.locale, showName: parsed.data.showName },
    addressee: parsed.data.addressee,
    languages: parsed.data.languages,
    supportersNeeded: cfg.supportersNeeded,
    ipHash: hash,
    confirmTtlMs: cfg.confirmTokenTtlMs,
    mail: (token, publicationId) =>
      citizenConfirmMail({
        to: email,
        locale: input.locale,
        publicationId,
        confirmUrl: url(`/${input.locale}/start/confirm/${token}`),
        ttlDays: ttlDays(),
      }),
  });
  kickOutbox();
  log.info("citizen.start", { outcome: created.mailed ? "created" : "mail-limit" });
  return done;
}

/** The confirmation link's button: the address is confirmed and the draft page opens. */
export async function confirmCreatorLink(token: string, locale: Locale) {
  const confirmed = await confirmCreator({
    token,
    manageTtlMs: MANAGE_TTL_MS,
    mail: (petition, manage) => citizenManageMail(petition, manage, "citizen-draft", config().publicUrl),
  });
  kickOutbox();
  return confirmed ? `/${locale}/start/manage/${confirmed.manageToken}` : null;
}

/** What the creator's page needs. */
async function managedPetition(token: string) {
  return petitionByToken(token, "manage");
}

/** The draft page's POST: save the text, or submit it (then gather supporters). */
export async function managePost(input: { request: Request; locale: Locale; token: string }) {
  const petition = await managedPetition(input.token);
  if (!petition) throw new Response("Not Found", { status: 404 });
  const { fields, regions } = await readCitizenForm(input.request);
  const back = redirect(`/${input.locale}/start/manage/${input.token}`, { status: 303 });
  if (fields.intent === "supporters-link" && ["submitted", "moderation"].includes(petition.status)) {
    const token = await newSupportersLink(petition.id, SUPPORTERS_TTL_MS);
    return redirect(`/${input.locale}/start/manage/${input.token}?supporters=${token}`, { status: 303 });
  }
  if (petition.status !== "draft") return json({ errors: { form: "notDraft" }, values: fields }, { status: 409 });
  if (fields.intent === "save" || fields.intent === "submit") {
    const parsed = parseCitizenForm(petitionTextSchema, fields, regions);
    if (!parsed.ok) return json({ errors: parsed.errors, values: { ...fields, regions } }, { status: 400 });
    await saveDraft(petition.id, draftText(parsed.data), {
      addressee: parsed.data.addressee,
      languages: parsed.data.languages,
    });
    if (fields.intent === "save") return back;
    const submitted = await submitDraft({
      publicationId: petition.id,
      maxPending: config().citizenPendingMax,
      supportersTtlMs: SUPPORTERS_TTL_MS,
    });
    if (!submitted.ok)
      return json(
        { errors: { form: submitted.reason }, values: { ...fields, regions } },
        { status: submitted.reason === "too-many" ? 429 : 409 },
      );
    // The supporters link is shown once, on this page's next view; only its hash is kept.
    return submitted.supportersToken
      ? redirect(`/${input.locale}/start/manage/${input.token}?supporters=${submitted.supportersToken}`, {
          status: 303,
        })
      : back;
  }
  return json({ errors: { form: "invalid" }, values: fields }, { status: 400 });
}

/** A supporter's signature: the signing flow's own checks and writer, on a petition not public yet. */
export async function supporterSign(input: { request: Request; locale: Locale; token: string; clientIp: string }) {
  const petition = await petitionByToken(input.token, "supporters");
  if (!petition || !["submitted", "moderation"].includes(petition.status))
    throw new Response("Not Found", { status: 404 });
  const length = Number(input.request.headers.get("Content-Length") ?? 0);
  if (length > MAX_FORM_BYTES)
    throw json({ error: "payload-too-large" }, { status: 413, headers: { Connection: "close" } });
  const { fields } = await readCitizenForm(input.request);
  return signWithForm({
    form: fields,
    locale: input.locale,
    slug: petition.slug,
    clientIp: input.clientIp,
    unpublished: {
      petition: { ...petition, kind: "petition" },
      done: `/${input.locale}/support/${input.token}?sent=1`,
    },
  });
}

/** A moderator's decision from the workspace: 400 for a bad form, 409 when someone else acted first. */
export async function moderatorDecision(input: {
  publicationId: string;
  userId: string;
  form: Record<string, string>;
}) {
  const parsed = decisionSchema.safeParse(input.form);
  if (!parsed.success) return { ok: false as const, status: 400, error: parsed.error.issues[0]?.message ?? "invalid" };
  const data = parsed.data;
  let duplicateOfId: string | null = null;
  if (data.action === "reject" && data.reason === "duplicate") {
    // The original is named by its address or slug: /kk/p/<slug> or <slug>.
    const slug = data.duplicateOf.replace(/^.*\/p\//, "").replace(/[/?#].*$/, "");
    const original = slug
      ? await db().publication.findFirst({
          where: { slug, status: { in: ["open", "closed", "archived"] }, NOT: { id: input.publicationId } },
          select: { id: true },
        })
      : null;
    if (!original) return { ok: false as const, status: 400, error: "duplicateOfRequired" };
    duplicateOfId = original.id;
  }
  const result = await decide({
    publicationId: input.publicationId,
    revision: data.revision,
    userId: input.userId,
    manageTtlMs: MANAGE_TTL_MS,
    decision:
      data.action === "reject"
        ? { action: "reject", reason: data.reason, note: data.note, duplicateOfId }
        : data.action === "changes"
          ? { action: "changes", note: data.note }
          : { action: "publish" },
    mail: (petition, manage) => citizenOutcomeMail(petition, manage, config().publicUrl),
  });
  kickOutbox();
  if (!result.ok) return { ok: false as const, status: result.reason === "conflict" ? 409 : 404, error: result.reason };
  log.info("citizen.decision", { action: data.action, petition: result.petition.slug });
  return { ok: true as const, petition: result.petition };
}
