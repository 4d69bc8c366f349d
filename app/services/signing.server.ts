// The signing form's server side: size and honeypot checks, validation, rate limit, then the
// signature model. Used by the petition page's action (browsers and plain form POSTs alike).
import { json, redirect } from "@remix-run/node";
import { config } from "~/config.server.ts";
import type { Locale } from "~/i18n.ts";
import { log } from "~/lib/log.server.ts";
import { parseSignForm } from "~/lib/sign-schema.ts";
import { keyedHash } from "~/lib/tokens.server.ts";
import { resendConfirmation, submitSignature } from "~/models/signature.server.ts";
import { emailDomain } from "~/lib/email.ts";
import { isDisposableDomain, judgeSubmission } from "~/services/abuse.server.ts";
import { allow } from "~/services/rate-limit.server.ts";
import { signatures } from "~/services/metrics.server.ts";
import { rawAll, toBool, toDate } from "~/lib/raw-sql.server.ts";
import { signableSql } from "~/models/publication.server.ts";

export const MAX_FORM_BYTES = 16 * 1024;

export const checkEmailPath = (locale: Locale, slug: string) => `/${locale}/p/${encodeURIComponent(slug)}/check-email`;

/** Reads a small urlencoded or multipart form; oversize or unreadable bodies are a 4xx, not a 500. */
// The unread rest of the body would block the keep-alive connection: close it.
const tooLarge = () => json({ error: "payload-too-large" }, { status: 413, headers: { Connection: "close" } });

export async function readSmallForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<Record<string, string>> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > maxBytes) throw tooLarge();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw json({ error: "bad-form" }, { status: 400 });
  }
  return formFields(form, maxBytes);
}

/** A form's text fields, the first value of each name; files are skipped. */
export function formFields(
  entries: Iterable<[string, FormDataEntryValue]>,
  maxBytes = MAX_FORM_BYTES,
): Record<string, string> {
  const values: Record<string, string> = {};
  let total = 0;
  for (const [key, value] of entries) {
    if (typeof value !== "string") continue;
    // NUL is never part of a name, address or code, and PostgreSQL cannot store it.
    if (value.includes("\u0000") || key.includes("\u0000")) throw json({ error: "bad-form" }, { status: 400 });
    total += key.length + value.length;
    if (total > maxBytes) throw tooLarge();
    values[key] ??= value;
  }
  return values;
}

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
  return signWithForm({ ...input, form: await readSmallForm(input.request) });
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
}) {
  const { form } = input;
  const petition = await findPetition(input.slug);
  if (!petition) throw new Response("Not Found", { status: 404 });
  const done = redirect(checkEmailPath(input.locale, petition.slug), { status: 303 });
  // A bot filled the hidden field: it sees the same page as everyone, nothing is stored.
  if (form.website) return done;
  const parsed = parseSignForm(form);
  const errors = parsed.ok ? {} : parsed.errors;
  if (parsed.ok && isDisposableDomain(emailDomain(parsed.data.email))) errors.email = "emailDisposable";
  if (!parsed.ok || Object.keys(errors).length) {
    const { name, email, region, consent, public: isPublic, updates } = form;
    return json({ errors, values: { name, email, region, consent, public: isPublic, updates } }, { status: 400 });
  }
  const hash = ipHash(input.clientIp);
  const verdict = await judgeSubmission({ ipHash: hash, publicationId: petition.id, stamp: form.started });
  if (verdict.block) return json({ rateLimited: true }, { status: 429, headers: { "Retry-After": "600" } });
  const outcome = await submitSignature(petition, {
    name: parsed.data.name,
    email: parsed.data.email,
    region: parsed.data.region,
    locale: input.locale,
    isPublic: parsed.data.public,
    wantsUpdates: parsed.data.updates,
    ipHash: hash,
    flag: verdict.flag,
  });
  log.info("signature.submitted", { petition: petition.slug, outcome, flagged: Boolean(verdict.flag) });
  signatures.inc({ outcome });
  return done;
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
  const outcome = await resendConfirmation(petition, email, input.locale);
  log.info("signature.resend", { petition: petition.slug, outcome });
  return redirect(checkEmailPath(input.locale, petition.slug), { status: 303 });
}
