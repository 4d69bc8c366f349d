// Every mail the app sends, rendered in Kazakh and Russian (and once in Latin script) and compared
// with a stored file in test/unit/mails/: subject, headers and plain text exactly, HTML normalized
// (one tag or text per line, attributes sorted, entities decoded; decision 058). The stored files
// were first written from the string-built templates, so they prove the React ones say the same.
import { describe, expect, it } from "vitest";
import { serverT } from "~/i18n.server.ts";
import type { Locale } from "~/i18n.ts";
import { latinMail } from "~/lib/latin-html.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import type { NewMail } from "~/models/outbox.server.ts";
import { citizenConfirmMail, citizenManageMail, citizenOutcomeMail } from "~/services/mail/citizen.server.ts";
import { invitationMail } from "~/services/mail/invitation.server.ts";
import {
  alreadySignedMail,
  confirmationMail,
  officialResponseMail,
  signatureEndedMail,
  signerUpdateMail,
  signInMail,
} from "~/services/mail/templates.server.tsx";

const site = "https://dauys.example";
const to = "signer@example.org";
const petition = {
  id: "pub-1",
  kind: "petition",
  titleKk: "Алматыда веложолдар салынсын",
  titleRu: "Построить велодорожки в Алматы",
};
const statement = {
  id: "pub-2",
  kind: "statement",
  titleKk: "Сөз бостандығы туралы мәлімдеме",
  titleRu: "Заявление о свободе слова",
};
type Publication = typeof petition;
const page = (locale: Locale, slug = "velo") => `${site}/${locale}/p/${slug}`;
const updateBody: Record<Locale, string> = {
  kk: "Қол жинау **жалғасуда**.\n\n- Әкімдікке хат жіберілді\n- Келесі кездесу [мұнда](https://example.org/meet)\n\n| Өңір | Қол |\n|---|---|\n| Алматы | 1 200 |",
  ru: "Сбор подписей **продолжается**.\n\n- Письмо в акимат отправлено\n- Следующая встреча [здесь](https://example.org/meet)\n\n| Регион | Подписи |\n|---|---|\n| Алматы | 1 200 |",
};
const statementBody: Record<Locale, string> = {
  kk: "Мәлімдемеге **жаңа** қолдаушылар қосылды.",
  ru: "К заявлению присоединились **новые** сторонники.",
};
const citizen = {
  id: "pub-3",
  slug: "park",
  status: "draft",
  titleKk: "Саябақты сақтайық",
  titleRu: "Сохраним парк",
  creatorEmail: "creator@example.org",
  changesNote: "Адресатты нақтылаңыз / Уточните адресата.",
  rejectionReason: null,
  rejectionNote: null,
};

const confirm = (locale: Locale, publication: Publication) =>
  confirmationMail({
    to,
    locale,
    region: "KZ-75",
    petition: publication,
    confirmUrl: `${site}/${locale}/confirm/CONFIRMTOKEN`,
    withdrawUrl: `${site}/${locale}/withdraw/WITHDRAWTOKEN`,
    receipt: "R-7Q2K-9XW4",
    receiptUrl: `${site}/${locale}/receipt?petition=velo&id=R-7Q2K-9XW4`,
    ttlDays: 7,
  });
const update = (locale: Locale, publication: Publication, body = updateBody[locale]) =>
  signerUpdateMail({
    to,
    locale,
    petition: publication,
    organization: locale === "kk" ? "Велоқала" : "Велогород",
    subject: locale === "kk" ? "Жаңалық: әкімдікпен кездесу" : "Новости: встреча с акиматом",
    bodyHtml: renderMarkdown(body, locale === "kk" ? "Кесте" : "Таблица"),
    bodyText: body,
    petitionUrl: page(locale),
    unsubscribeUrl: `${site}/unsubscribe/UNSUBTOKEN`,
  });
const response = (locale: Locale, publication: Publication) =>
  officialResponseMail({
    to,
    locale,
    petition: publication,
    respondedOn: locale === "kk" ? "2026 ж. 3 наурыз" : "3 марта 2026 г.",
    excerpt: "Акимат рассмотрел обращение.\n\nСтроительство начнётся весной.\nСрок: 2027 год.",
    petitionUrl: page(locale),
    documentUrl: `${site}/p/velo/response.pdf`,
    unsubscribeUrl: `${site}/unsubscribe/UNSUBTOKEN`,
  });
const ended = (locale: Locale, publication: Publication, removed: boolean) =>
  signatureEndedMail({ to, locale, petition: publication, petitionUrl: page(locale), receipt: "R-7Q2K-9XW4", removed });

/** Each mail kind (and wording) by name; every one is rendered in kk and ru. */
const mails: Record<string, (locale: Locale) => NewMail> = {
  confirm: (locale) => confirm(locale, petition),
  "confirm-statement": (locale) => confirm(locale, statement),
  "already-signed": (locale) => alreadySignedMail({ to, locale, petition, petitionUrl: page(locale) }),
  "already-signed-statement": (locale) =>
    alreadySignedMail({ to, locale, petition: statement, petitionUrl: page(locale, "soz") }),
  "signature-withdrawn": (locale) => ended(locale, petition, false),
  "signature-withdrawn-statement": (locale) => ended(locale, statement, false),
  "signature-removed": (locale) => ended(locale, petition, true),
  "signature-removed-statement": (locale) => ended(locale, statement, true),
  "sign-in": (locale) => signInMail({ to, locale, code: "042917", linkUrl: `${site}/${locale}/signin/link/LINKTOKEN` }),
  update: (locale) => update(locale, petition),
  "update-statement": (locale) => update(locale, statement, statementBody[locale]),
  response: (locale) => response(locale, petition),
  invitation: (locale) =>
    invitationMail({
      to,
      locale,
      organization: locale === "kk" ? "Велоқала" : "Велогород",
      role: "organizer",
      linkUrl: `${site}/${locale}/signin/link/LINKTOKEN`,
      signInUrl: `${site}/${locale}/signin`,
    }),
  "citizen-confirm": (locale) =>
    citizenConfirmMail({
      to,
      locale,
      publicationId: citizen.id,
      confirmUrl: `${site}/${locale}/start/confirm/CONFIRMTOKEN`,
      ttlDays: 7,
    }),
  "citizen-draft": (locale) =>
    citizenManageMail({ ...citizen, creatorLocale: locale }, "MANAGETOKEN", "citizen-draft", site),
  "citizen-changes": (locale) => citizenOutcomeMail({ ...citizen, creatorLocale: locale }, "MANAGETOKEN", site),
  "citizen-published": (locale) =>
    citizenOutcomeMail({ ...citizen, status: "open", creatorLocale: locale }, null, site),
  "citizen-rejected": (locale) =>
    citizenOutcomeMail(
      {
        ...citizen,
        status: "rejected",
        creatorLocale: locale,
        rejectionReason: "duplicate",
        rejectionNote: "Ұқсас петиция бар / Есть похожая петиция.",
      },
      null,
      site,
    ),
};

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) =>
    name[0] === "#"
      ? String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1)))
      : (entities[name.toLowerCase()] ?? whole),
  );

/**
 * The HTML as a tree of lines: a tag per line with its attributes sorted and decoded, each text as
 * a JSON string, indented by depth. Whitespace between tags, attribute order, `<br>` against
 * `<br/>` and the choice of entity (&#39; or &#x27;) do not change it; any word, link or style does.
 */
function normalizeHtml(html: string) {
  const lines: string[] = [];
  let depth = 0;
  for (const [token] of html.matchAll(/<[^>]*>|[^<]+/g)) {
    if (token.startsWith("<!")) lines.push(token.toLowerCase());
    else if (token.startsWith("</")) {
      depth--;
      lines.push(`${"  ".repeat(depth)}${token.toLowerCase()}`);
    } else if (token.startsWith("<")) {
      const [, name, rest] = /^<([a-z0-9]+)([\s\S]*?)\/?>$/i.exec(token) ?? [];
      const attributes = [...rest.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)]
        .map(
          ([, attr, value]) => `${attr.toLowerCase()}${value === undefined ? "" : `=${JSON.stringify(decode(value))}`}`,
        )
        .sort();
      lines.push(`${"  ".repeat(depth)}<${[name.toLowerCase(), ...attributes].join(" ")}>`);
      if (!/^(meta|br|hr|img|link|input)$/i.test(name)) depth++;
    } else if (token.trim()) lines.push(`${"  ".repeat(depth)}${JSON.stringify(decode(token))}`);
  }
  return lines.join("\n");
}

/** The visible words of an HTML part, one text node per entry. */
const texts = (html: string) =>
  normalizeHtml(html)
    .split("\n")
    .filter((line) => line.trim().startsWith('"'))
    .map((line) => JSON.parse(line.trim()) as string);

/** The stored form of a mail: what a reader of the .txt file needs to see it whole. */
function describeMail(mail: NewMail) {
  const headers = Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
  return [
    `kind: ${mail.kind}`,
    `to: ${mail.to}`,
    `publicationId: ${mail.publicationId ?? "-"}`,
    `subject: ${mail.subject}`,
    ...headers,
    "",
    "===== text =====",
    mail.text,
    "===== html (normalized) =====",
    normalizeHtml(mail.html),
    "",
  ].join("\n");
}

describe("every mail, in kk and ru, says what the stored file says", () => {
  for (const [name, make] of Object.entries(mails))
    for (const locale of ["kk", "ru"] as const)
      it(`${name} (${locale})`, async () => {
        await expect(describeMail(make(locale))).toMatchFileSnapshot(`mails/${name}.${locale}.txt`);
      });

  it("confirm and update in Kazakh Latin (a signer on /kk-latn/)", async () => {
    await expect(describeMail(latinMail(confirm("kk", petition), site))).toMatchFileSnapshot(
      "mails/confirm.kk-latn.txt",
    );
    await expect(describeMail(latinMail(update("kk", petition), site))).toMatchFileSnapshot("mails/update.kk-latn.txt");
  });
});

describe("hostile text in a mail", () => {
  // A title, a name and an update as an attacker (or a careless paste) would write them.
  const markup = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" 'apos'`;
  const hostile = `${markup} \u0000\u0007\u001b\ufffe ${"долгий ".repeat(1500)}`;
  const visible = hostile.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
  const nonXml = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
  const links = (html: string) => [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map(([, href]) => decode(href));
  const hostilePetition = { ...petition, titleKk: hostile, titleRu: hostile };
  const cases: Array<[string, NewMail, string[]]> = [
    [
      "confirm",
      confirm("ru", hostilePetition),
      [
        `${site}/ru/confirm/CONFIRMTOKEN`,
        `${site}/ru/receipt?petition=velo&id=R-7Q2K-9XW4`,
        `${site}/ru/withdraw/WITHDRAWTOKEN`,
      ],
    ],
    [
      "update",
      signerUpdateMail({
        to,
        locale: "kk",
        petition: hostilePetition,
        organization: hostile,
        subject: `Жаңалық\r\nBcc: victim@example.org ${hostile}`,
        bodyHtml: renderMarkdown(`${hostile}\n\n<script>alert(2)</script>`),
        bodyText: `${hostile}\n\n<script>alert(2)</script>`,
        petitionUrl: page("kk"),
        unsubscribeUrl: `${site}/unsubscribe/UNSUBTOKEN`,
      }),
      [page("kk"), `${site}/unsubscribe/UNSUBTOKEN`],
    ],
    [
      "citizen-rejected",
      citizenOutcomeMail(
        { ...citizen, status: "rejected", creatorLocale: "ru", rejectionReason: "hate", rejectionNote: hostile },
        null,
        site,
      ),
      [`${site}/ru/standards`],
    ],
  ];

  it.each(cases)("%s: escaped in the HTML, whole in the text, links untouched", (_, mail, urls) => {
    const tags = mail.html.match(/<[^>]*>/g) ?? [];
    expect(tags.filter((tag) => /^<\/?(script|img)\b|onerror/i.test(tag))).toEqual([]);
    expect(mail.html).not.toMatch(nonXml);
    // The words arrive as words: the visible text holds them whole, the only links are ours.
    expect(texts(mail.html).some((text) => text.includes(visible.trim()))).toBe(true);
    expect(links(mail.html)).toEqual(urls);
    expect(mail.text).not.toMatch(nonXml);
    expect(mail.text).not.toMatch(/\r/);
    expect(mail.text).toContain(visible.trim());
    for (const url of urls) expect(mail.text.split("\n")).toContain(url);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).not.toMatch(nonXml);
  });
});

describe("a statement is endorsed, not signed", () => {
  // The words of a petition: "петиция", "подписать/подпись" (ru); "петиция", "қол қою" (kk).
  const petitionWords: Record<Locale, RegExp> = { ru: /петици|подпис/i, kk: /петиция|қол\s+қой/i };
  const statementMails = Object.keys(mails).filter((name) => name.endsWith("-statement"));

  it.each(statementMails.flatMap((name) => (["kk", "ru"] as const).map((locale) => [name, locale] as const)))(
    "%s (%s) uses the statement's words",
    (name, locale) => {
      const mail = mails[name](locale);
      // Ours only: the site's footer names what Dauys is (petitions and civic initiatives).
      const ours = (text: string) => text.split(serverT(locale, "mail")("footer")).join("");
      expect(mail.subject).not.toMatch(petitionWords[locale]);
      expect(ours(mail.text)).not.toMatch(petitionWords[locale]);
      expect(ours(texts(mail.html).join("\n"))).not.toMatch(petitionWords[locale]);
      // …and the same mail for a petition does use them: the check can tell the two apart.
      const same = mails[name.replace(/-statement$/, "")](locale);
      expect(ours(same.text)).toMatch(petitionWords[locale]);
    },
  );
});
