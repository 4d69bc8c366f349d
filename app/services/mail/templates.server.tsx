// Signer mails, HTML + plain text, in the signer's language. Strings: locales/<lng>/mail.json.
// Both parts are made from the same lines: the HTML with the React blocks of ./components.tsx,
// the text with every link on a line of its own, so no client breaks it (decision 058).
import { regionName } from "~/data/regions.ts";
import { serverT } from "~/i18n.server.ts";
import type { Locale } from "~/i18n.ts";
import type { NewMail } from "~/models/outbox.server.ts";
import {
  Button,
  LinkNotes,
  mailHtml,
  MailPage,
  mailSubject,
  mailText,
  Notes,
  Paragraphs,
  Quote,
  TrustedHtml,
} from "./components.tsx";

type Petition = { id: string; kind?: string; titleKk: string; titleRu: string };
const title = (petition: Petition, locale: Locale) => (locale === "kk" ? petition.titleKk : petition.titleRu);
// A statement is endorsed, not petitioned: its wording is the "_statement" variant of a key.
const wording = (petition: Petition) => ({ context: petition.kind === "statement" ? "statement" : undefined });
const footer = (locale: Locale) => serverT(locale, "mail")("footer");

/** The headers of signer news: RFC 2369 and RFC 8058, clients offer "unsubscribe" and POST to it. */
const unsubscribeHeaders = (url: string) => ({
  "List-Unsubscribe": `<${url}>`,
  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
});

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
  const words = wording(input.petition);
  const lines = {
    greeting: t("confirm.greeting"),
    intro: t("confirm.intro", { title: name, ...words }),
    region: t("confirm.region", { region: regionName(input.region, input.locale) }),
    action: t("confirm.action", words),
    expires: t("confirm.expires", { count: input.ttlDays }),
    ignore: t("confirm.ignore", words),
    receipt: t("confirm.receipt", { receipt: input.receipt }),
    withdraw: t("confirm.withdraw", words),
  };
  return {
    kind: "confirm",
    to: input.to,
    publicationId: input.petition.id,
    subject: mailSubject(t("confirm.subject", { title: name, ...words })),
    text: mailText([
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
      footer(input.locale),
      "",
    ]),
    html: mailHtml(
      <MailPage locale={input.locale} footer={footer(input.locale)}>
        <Paragraphs lines={[lines.greeting, lines.intro, lines.region, lines.action]} />
        <Button label={t("confirm.button", words)} url={input.confirmUrl} />
        <Notes lines={[lines.expires, lines.ignore]} />
        <LinkNotes
          items={[
            { text: lines.receipt, url: input.receiptUrl },
            { text: lines.withdraw, url: input.withdrawUrl },
          ]}
        />
      </MailPage>,
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
  const ignore = t("alreadySigned.ignore");
  return {
    kind: "already-signed",
    to: input.to,
    publicationId: input.petition.id,
    subject: mailSubject(t("alreadySigned.subject", { title: name, ...wording(input.petition) })),
    text: mailText([...lines, "", link, input.petitionUrl, "", ignore, "", "--", footer(input.locale), ""]),
    html: mailHtml(
      <MailPage locale={input.locale} footer={footer(input.locale)}>
        <Paragraphs lines={[...lines, ignore]} />
        <Button label={link} url={input.petitionUrl} />
      </MailPage>,
    ),
  };
}

/** The workspace's sign-in code and link (composed by app/services/signin.server.ts). */
export function signInMail(input: { to: string; locale: Locale; code: string; linkUrl: string }): NewMail {
  const t = serverT(input.locale, "mail");
  const lines = [t("signin.intro"), t("signin.code", { code: input.code })];
  const notes = [t("signin.expires"), t("signin.ignore")];
  return {
    kind: "sign-in",
    to: input.to,
    subject: mailSubject(t("signin.subject", { code: input.code })),
    text: mailText([...lines, "", t("signin.link"), input.linkUrl, "", ...notes, "", "--", footer(input.locale), ""]),
    html: mailHtml(
      <MailPage locale={input.locale} footer={footer(input.locale)}>
        <Paragraphs lines={lines} />
        <Button label={t("signin.link")} url={input.linkUrl} />
        <Notes lines={notes} />
      </MailPage>,
    ),
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
  const words = wording(input.petition);
  const intro = t("signerUpdate.intro", { organization: input.organization, title: name, ...words });
  const why = t("signerUpdate.why", { title: name, ...words });
  const petitionLink = t("signerUpdate.petitionLink", words);
  const unsubscribe = t("signerUpdate.unsubscribe");
  return {
    kind: "update",
    to: input.to,
    publicationId: input.petition.id,
    subject: mailSubject(input.subject),
    headers: unsubscribeHeaders(input.unsubscribeUrl),
    text: mailText([
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
      footer(input.locale),
      "",
    ]),
    html: mailHtml(
      <MailPage locale={input.locale} footer={footer(input.locale)}>
        <Paragraphs lines={[intro]} />
        <TrustedHtml html={input.bodyHtml} />
        <LinkNotes
          items={[
            { text: petitionLink, url: input.petitionUrl },
            { text: `${why} ${unsubscribe}`, url: input.unsubscribeUrl },
          ]}
        />
      </MailPage>,
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
  const pageLink = { text: t("mail.responseLink"), url: input.petitionUrl };
  const documentLink = input.documentUrl
    ? [{ text: serverT(input.locale)("response.document"), url: input.documentUrl }]
    : [];
  const why = t("mail.responseWhy");
  const unsubscribe = tm("signerUpdate.unsubscribe");
  return {
    kind: "response",
    to: input.to,
    publicationId: input.petition.id,
    subject: mailSubject(t("mail.responseSubject", { title: name })),
    headers: unsubscribeHeaders(input.unsubscribeUrl),
    text: mailText([
      intro,
      "",
      ...(input.excerpt ? [t("mail.responseExcerpt"), "", input.excerpt, ""] : []),
      ...[pageLink, ...documentLink].flatMap((link) => [link.text, link.url, ""]),
      "--",
      why,
      unsubscribe,
      input.unsubscribeUrl,
      "",
      footer(input.locale),
      "",
    ]),
    html: mailHtml(
      <MailPage locale={input.locale} footer={footer(input.locale)}>
        <Paragraphs lines={[intro]} />
        <Button label={pageLink.text} url={pageLink.url} />
        {input.excerpt ? <Quote heading={t("mail.responseExcerpt")} text={input.excerpt} /> : null}
        <LinkNotes items={[...documentLink, { text: `${why} ${unsubscribe}`, url: input.unsubscribeUrl }]} />
      </MailPage>,
    ),
  };
}

/** A short mail of paragraphs and one link: citizen petitions' and invitations' mails, with their own strings. */
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
  const notes = input.notes ?? [];
  return {
    kind: input.kind,
    to: input.to,
    publicationId: input.publicationId,
    subject: mailSubject(input.subject),
    text: mailText([
      ...input.paragraphs,
      ...(input.link ? ["", input.link.label, input.link.url] : []),
      ...(notes.length ? ["", ...notes] : []),
      "",
      "--",
      footer(input.locale),
      "",
    ]),
    html: mailHtml(
      <MailPage locale={input.locale} footer={footer(input.locale)}>
        <Paragraphs lines={input.paragraphs} />
        {input.link ? <Button label={input.link.label} url={input.link.url} /> : null}
        <Notes lines={notes} />
      </MailPage>,
    ),
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
  const t = serverT(input.locale, "mail");
  const words = wording(input.petition);
  const name = title(input.petition, input.locale);
  const lines = [
    t("signatureEnded.greeting"),
    ...(input.removed
      ? [t("signatureEnded.removedBody", { title: name, ...words })]
      : [
          t("signatureEnded.body", { title: name, ...words }),
          t("signatureEnded.rules", { receipt: input.receipt, ...words }),
        ]),
  ];
  const ignore = t("signatureEnded.ignore");
  return {
    kind: "signature-ended",
    to: input.to,
    publicationId: input.petition.id,
    subject: mailSubject(t("signatureEnded.subject", { title: name, ...words })),
    text: mailText([
      ...lines,
      "",
      t("signatureEnded.share", words),
      input.petitionUrl,
      "",
      ignore,
      "",
      "--",
      footer(input.locale),
      "",
    ]),
    html: mailHtml(
      <MailPage locale={input.locale} footer={footer(input.locale)}>
        <Paragraphs lines={[...lines, ignore]} />
        <Button label={t("signatureEnded.share", words)} url={input.petitionUrl} />
      </MailPage>,
    ),
  };
}
