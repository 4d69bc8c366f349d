// Signer mails, HTML + plain text, in the signer's language. Strings: locales/<lng>/mail.json.
// The plain-text part puts every link on a line of its own, so no client breaks it.
import { regionName } from "~/data/regions.ts";
import { serverT } from "~/i18n.server.ts";
import type { Locale } from "~/i18n.ts";
import { escapeHtml } from "~/lib/html.ts";
import type { NewMail } from "~/models/outbox.server.ts";

type Petition = { id: string; kind?: string; titleKk: string; titleRu: string };
const title = (petition: Petition, locale: Locale) => (locale === "kk" ? petition.titleKk : petition.titleRu);
// A statement is endorsed, not petitioned: its wording is the "_statement" variant of a key.
const wording = (petition: Petition) => ({ context: petition.kind === "statement" ? "statement" : undefined });

export function layout(
  locale: Locale,
  paragraphs: string[],
  button?: { label: string; url: string },
  notes: string[] = [],
  extraHtml = "",
) {
  const t = serverT(locale, "mail");
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  const action = button
    ? `<p style="margin:24px 0"><a href="${escapeHtml(button.url)}" style="background:#0b5f8a;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold;display:inline-block">${escapeHtml(button.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#444;word-break:break-all">${escapeHtml(button.url)}</p>`
    : "";
  const small = notes
    .map((note) => `<p style="margin:0 0 8px;font-size:13px;color:#444">${escapeHtml(note)}</p>`)
    .join("");
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>` +
    `<body style="margin:0;padding:24px;background:#f5f7f9;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5">` +
    `<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">` +
    `<p style="margin:0 0 16px;font-size:20px;font-weight:bold;color:#084a6c">Дауыс</p>${body}${action}${small}${extraHtml}` +
    `<p style="margin:24px 0 0;font-size:12px;color:#555">${escapeHtml(t("footer"))}</p></div></body></html>`
  );
}

function notesWithLinks(items: Array<[string, string]>) {
  return items
    .map(
      ([text, url]) =>
        `<p style="margin:16px 0 0;font-size:13px;color:#444">${escapeHtml(text)}<br><a href="${escapeHtml(url)}" style="color:#084a6c;word-break:break-all">${escapeHtml(url)}</a></p>`,
    )
    .join("");
}

/**
 * Goes to an address nobody has confirmed yet: it carries nothing the submitter typed (no name,
 * no note), only the petition's own words and links, so the form cannot be used to mail someone
 * an attacker's text.
 */
export function confirmationMail(input: {
  to: string;
  locale: Locale;
  region: string;
  petition: Petition;
  confirmUrl: string;
  withdrawUrl: string;
  receiptUrl: string;
  receipt: string;
  ttlDays: number;
}): NewMail {
  const t = serverT(input.locale, "mail");
  const name = title(input.petition, input.locale);
  const lines = {
    greeting: t("confirm.greeting"),
    intro: t("confirm.intro", { title: name, ...wording(input.petition) }),
    region: t("confirm.region", { region: regionName(input.region, input.locale) }),
    action: t("confirm.action"),
    expires: t("confirm.expires", { count: input.ttlDays }),
    ignore: t("confirm.ignore"),
    receipt: t("confirm.receipt", { receipt: input.receipt }),
    withdraw: t("confirm.withdraw"),
  };
  return {
    kind: "confirm",
    to: input.to,
    publicationId: input.petition.id,
    subject: t("confirm.subject", { title: name }),
    text: [
      lines.greeting,
      "",
      lines.intro,
      lines.region,
      "",
      lines.action,
      "",
      input.confirmUrl,
      "",
      lines.expires,
      lines.ignore,
      "",
      lines.receipt,
      input.receiptUrl,
      "",
      lines.withdraw,
      input.withdrawUrl,
      "",
      "--",
      t("footer"),
      "",
    ].join("\n"),
    html: layout(
      input.locale,
      [lines.greeting, lines.intro, lines.region, lines.action],
      { label: t("confirm.button"), url: input.confirmUrl },
      [lines.expires, lines.ignore],
      notesWithLinks([
        [lines.receipt, input.receiptUrl],
        [lines.withdraw, input.withdrawUrl],
      ]),
    ),
  };
}

export function alreadySignedMail(input: {
  to: string;
  locale: Locale;
  petition: Petition;
  petitionUrl: string;
}): NewMail {
  const t = serverT(input.locale, "mail");
  const name = title(input.petition, input.locale);
  const lines = [t("alreadySigned.greeting"), t("alreadySigned.body", { title: name, ...wording(input.petition) })];
  const link = t("alreadySigned.link", wording(input.petition));
  return {
    kind: "already-signed",
    to: input.to,
    publicationId: input.petition.id,
    subject: t("alreadySigned.subject", { title: name, ...wording(input.petition) }),
    text: [...lines, "", link, input.petitionUrl, "", t("alreadySigned.ignore"), "", "--", t("footer"), ""].join("\n"),
    html: layout(input.locale, [...lines, t("alreadySigned.ignore")], {
      label: link,
      url: input.petitionUrl,
    }),
  };
}

export function signInMail(input: { to: string; locale: Locale; code: string; linkUrl: string }): NewMail {
  const t = serverT(input.locale, "mail");
  const lines = [t("signin.intro"), t("signin.code", { code: input.code })];
  return {
    kind: "sign-in",
    to: input.to,
    subject: t("signin.subject", { code: input.code }),
    text: [
      ...lines,
      "",
      t("signin.link"),
      input.linkUrl,
      "",
      t("signin.expires"),
      t("signin.ignore"),
      "",
      "--",
      t("footer"),
      "",
    ].join("\n"),
    html: layout(input.locale, lines, { label: t("signin.link"), url: input.linkUrl }, [
      t("signin.expires"),
      t("signin.ignore"),
    ]),
  };
}

/**
 * An organizer's update to a signer who asked for news. The body is the organizer's Markdown,
 * rendered once per language by the caller (sanitized HTML) and sent as typed for the text part.
 */
export function signerUpdateMail(input: {
  to: string;
  locale: Locale;
  petition: Petition;
  organization: string;
  subject: string;
  bodyHtml: string;
  bodyText: string;
  petitionUrl: string;
  /** {PUBLIC_URL}/unsubscribe/{token}: a page (GET) and the one-click endpoint (POST) at once. */
  unsubscribeUrl: string;
}): NewMail {
  const t = serverT(input.locale, "mail");
  const name = title(input.petition, input.locale);
  const intro = t("signerUpdate.intro", { organization: input.organization, title: name });
  const why = t("signerUpdate.why", { title: name });
  const petitionLink = t("signerUpdate.petitionLink");
  const unsubscribe = t("signerUpdate.unsubscribe");
  const body = `<div style="margin:0 0 16px">${input.bodyHtml}</div>`;
  return {
    kind: "update",
    to: input.to,
    publicationId: input.petition.id,
    subject: input.subject,
    // RFC 2369 and RFC 8058: mail clients offer "unsubscribe" and POST to it without opening a page.
    headers: { "List-Unsubscribe": `<${input.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    text: [
      intro,
      "",
      input.bodyText.trim(),
      "",
      petitionLink,
      input.petitionUrl,
      "",
      "--",
      why,
      unsubscribe,
      input.unsubscribeUrl,
      "",
      t("footer"),
      "",
    ].join("\n"),
    html: layout(
      input.locale,
      [intro],
      undefined,
      [],
      body +
        notesWithLinks([
          [petitionLink, input.petitionUrl],
          [`${why} ${unsubscribe}`, input.unsubscribeUrl],
        ]),
    ),
  };
}

/**
 * The official response has arrived: once per signer who asked for news, in their language, with
 * the start of the answer (as the organizers entered it) and links to the page and the document.
 */
export function officialResponseMail(input: {
  to: string;
  locale: Locale;
  petition: Petition;
  respondedOn: string;
  excerpt: string;
  petitionUrl: string;
  documentUrl: string | null;
  unsubscribeUrl: string;
}): NewMail {
  const t = serverT(input.locale, "campaign");
  const tm = serverT(input.locale, "mail");
  const name = title(input.petition, input.locale);
  const intro = t("mail.responseIntro", { title: name, date: input.respondedOn });
  const links: Array<[string, string]> = [[t("mail.responseLink"), input.petitionUrl]];
  if (input.documentUrl) links.push([serverT(input.locale)("response.document"), input.documentUrl]);
  const excerpt = input.excerpt
    ? `<p style="margin:0 0 8px;font-weight:bold">${escapeHtml(t("mail.responseExcerpt"))}</p>` +
      input.excerpt
        .split(/\n{2,}/)
        .map((part) => `<p style="margin:0 0 12px;white-space:pre-wrap">${escapeHtml(part)}</p>`)
        .join("")
    : "";
  return {
    kind: "response",
    to: input.to,
    publicationId: input.petition.id,
    subject: t("mail.responseSubject", { title: name }),
    headers: { "List-Unsubscribe": `<${input.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    text: [
      intro,
      "",
      ...(input.excerpt ? [t("mail.responseExcerpt"), "", input.excerpt, ""] : []),
      ...links.flatMap(([label, url]) => [label, url, ""]),
      "--",
      t("mail.responseWhy"),
      tm("signerUpdate.unsubscribe"),
      input.unsubscribeUrl,
      "",
      tm("footer"),
      "",
    ].join("\n"),
    html: layout(
      input.locale,
      [intro],
      { label: t("mail.responseLink"), url: input.petitionUrl },
      [],
      excerpt +
        notesWithLinks([
          ...links.slice(1),
          [`${t("mail.responseWhy")} ${tm("signerUpdate.unsubscribe")}`, input.unsubscribeUrl],
        ]),
    ),
  };
}

/** A short mail of paragraphs and one link (citizen petitions' mails use it with their own strings). */
export function linkMail(input: {
  kind: string;
  to: string;
  locale: Locale;
  subject: string;
  paragraphs: string[];
  link?: { label: string; url: string };
  notes?: string[];
  publicationId?: string;
}): NewMail {
  const t = serverT(input.locale, "mail");
  const notes = input.notes ?? [];
  return {
    kind: input.kind,
    to: input.to,
    publicationId: input.publicationId,
    subject: input.subject,
    text: [
      ...input.paragraphs,
      ...(input.link ? ["", input.link.label, input.link.url] : []),
      ...(notes.length ? ["", ...notes] : []),
      "",
      "--",
      t("footer"),
      "",
    ].join("\n"),
    html: layout(input.locale, input.paragraphs, input.link, notes),
  };
}

/**
 * Someone asked to sign again with an address whose signature was withdrawn (or removed by a
 * moderator). Only the mailbox is told what happened — the page says the same to everyone — and
 * why this address cannot sign again: one signature per address, a withdrawal is final and public.
 */
export function signatureEndedMail(input: {
  to: string;
  locale: Locale;
  petition: Petition;
  petitionUrl: string;
  receipt: string;
  removed: boolean;
}): NewMail {
  const t = serverT(input.locale, "share");
  const name = title(input.petition, input.locale);
  const lines = [
    t("mailWithdrawn.greeting"),
    ...(input.removed
      ? [t("mailWithdrawn.removedBody", { title: name })]
      : [t("mailWithdrawn.body", { title: name }), t("mailWithdrawn.rules", { receipt: input.receipt })]),
  ];
  return {
    kind: "signature-ended",
    to: input.to,
    publicationId: input.petition.id,
    subject: t("mailWithdrawn.subject", { title: name }),
    text: [
      ...lines,
      "",
      t("mailWithdrawn.share"),
      input.petitionUrl,
      "",
      t("mailWithdrawn.ignore"),
      "",
      "--",
      serverT(input.locale, "mail")("footer"),
      "",
    ].join("\n"),
    html: layout(input.locale, [...lines, t("mailWithdrawn.ignore")], {
      label: t("mailWithdrawn.share"),
      url: input.petitionUrl,
    }),
  };
}
