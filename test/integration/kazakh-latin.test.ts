// Kazakh in Latin script (decision 055): every public Kazakh page under /kk-latn/, Latin mails
// for people who sign there, and search that takes either script.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { demoPetition, postForm, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { signIn, workspaceClient } from "../support/workspace.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
});
afterAll(async () => app?.close());

const CYRILLIC = /[\u0400-\u04FF]+/g;

/**
 * Cyrillic a reader of the Latin page would see, outside what is meant to stay as written: the
 * language switch's Russian and Cyrillic entries (lang="ru", data-script="keep").
 */
function cyrillicLeft(html: string) {
  const outside = html
    .replace(/<(a|span)\b[^>]*(lang="ru"|data-script="keep")[^>]*>[\s\S]*?<\/\1>/g, " ")
    .replace(/<link\b[^>]*hrefLang="(kk|ru)"[^>]*>/gi, " ")
    // What a person typed, sent back in the field to correct it, stays as typed.
    .replace(/\svalue="[^"]*"/g, " ");
  return [
    ...new Set([...outside.matchAll(CYRILLIC)].map((m) => outside.slice(Math.max(0, m.index - 40), m.index + 20))),
  ];
}

/** Internal links of a page that leave the Latin pages for Cyrillic Kazakh, switch and alternates excepted. */
function linksOutOfLatin(html: string) {
  return [...html.matchAll(/<(a|form|link)\b([^>]*)>/g)]
    .map((match) => match[2])
    .filter((attrs) => !/hrefLang=/i.test(attrs))
    .flatMap((attrs) => [...attrs.matchAll(/\s(?:href|action)="([^"]*)"/g)].map((m) => m[1]))
    .filter((url) => /^(https?:\/\/[^/]+)?\/kk(\/|$|\?)/.test(url));
}

const PUBLIC_PAGES = [
  "",
  "/petitions",
  "/statements",
  "/reports",
  `/p/${demoPetition}`,
  `/p/${demoPetition}/versions`,
  `/p/${demoPetition}/cite`,
  `/p/${demoPetition}/removals`,
  `/p/${demoPetition}/check-email`,
  "/p/position-before-elections",
  "/p/observation-report-2021",
  "/search?q=sailau",
  "/privacy",
  "/api",
  "/receipt",
  "/confirm",
];

describe(`Kazakh in Latin script (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("serves every public Kazakh page under /kk-latn/ in Latin script, with its links kept in /kk-latn/", async () => {
    for (const path of PUBLIC_PAGES) {
      const response = await fetch(`${app.url}/kk-latn${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-language"), path).toBe("kk-Latn");
      const html = await response.text();
      expect(html, path).toMatch(/<html lang="kk-Latn"/);
      expect(cyrillicLeft(html), path).toEqual([]);
      expect(linksOutOfLatin(html), path).toEqual([]);
      // No React runtime: it would put the Cyrillic text back when it hydrates.
      expect(html, path).not.toContain("__remixContext");
    }
  });

  it("transliterates by the 2021 alphabet and keeps the language switch and alternates as written", async () => {
    const html = await (await fetch(`${app.url}/kk-latn/p/${demoPetition}`)).text();
    expect(visibleText(html)).toContain("Adal sailau üşın: segız talap");
    expect(html).toMatch(/<title>[^<]*Adal sailau üşın/);
    expect(html).toContain(`<link rel="alternate" hrefLang="kk" href="${app.url}/kk/p/${demoPetition}"/>`);
    expect(html).toContain(`<link rel="alternate" hrefLang="ru" href="${app.url}/ru/p/${demoPetition}"/>`);
    expect(html).toContain(`<link rel="alternate" hrefLang="kk-Latn" href="${app.url}/kk-latn/p/${demoPetition}"/>`);
    expect(html).toMatch(
      new RegExp(
        `<a href="/kk/p/${demoPetition}" hrefLang="kk"[^>]*><span lang="kk" data-script="keep">Қазақша</span></a>`,
      ),
    );
    expect(html).toMatch(/hrefLang="ru" title="[^"]*saitty orys tılınde aşu"[^>]*><span lang="ru">Русский</);
    // The Cyrillic pages offer the Latin one, in the switch and as an alternate.
    const cyrillic = await (await fetch(`${app.url}/kk/p/${demoPetition}`)).text();
    expect(cyrillic).toMatch(
      new RegExp(`href="/kk-latn/p/${demoPetition}" hrefLang="kk-Latn"[^>]*><span lang="kk-Latn">Qazaqşa<`),
    );
    expect(cyrillic).toContain(`hrefLang="kk-Latn" href="${app.url}/kk-latn/p/${demoPetition}"`);
    const russian = await (await fetch(`${app.url}/ru/petitions`)).text();
    expect(russian).toContain(`href="/kk-latn/petitions"`);
  });

  it("answers unknown Latin pages with a 404 and sends the workspace to its Cyrillic address", async () => {
    const missing = await fetch(`${app.url}/kk-latn/p/no-such-slug`);
    expect(missing.status).toBe(404);
    expect(cyrillicLeft(await missing.text())).toEqual([]);
    const workspace = await fetch(`${app.url}/kk-latn/workspace`, { redirect: "manual" });
    expect(workspace.status).toBe(302);
    expect(workspace.headers.get("location")).toBe("/kk/workspace");
    // A client cannot ask for Latin mails by sending the internal header on a Cyrillic page.
    const forged = await fetch(`${app.url}/kk/p/${demoPetition}`, { headers: { "X-Dauys-Script": "latn" } });
    expect(await forged.text()).toMatch(/<html lang="kk"/);
  });

  it("publishes the Atom feed in Latin script too", async () => {
    const response = await fetch(`${app.url}/kk-latn/feed.atom`);
    expect(response.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await response.text();
    expect(xml).toContain('xml:lang="kk-Latn"');
    expect(xml).toContain("Adal sailau üşın");
    expect(xml.match(CYRILLIC)).toBeNull();
  });

  it("mails people who sign on a Latin page in Latin, with links back to the Latin pages", async () => {
    const email = "latyn@example.kz";
    const response = await postForm(`${app.url}/kk-latn/p/${demoPetition}`, signer({ email, name: "Dana Serik" }), {
      Origin: app.url,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/kk-latn/p/${demoPetition}/check-email`);
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
    const [mail] = app.smtp.mailsTo(email);
    expect(mail.subject).toContain("Qolyñyzdy rastañyz");
    expect(mail.subject.match(CYRILLIC)).toBeNull();
    expect(mail.text.match(CYRILLIC)).toBeNull();
    expect(visibleText(mail.html).match(CYRILLIC)).toBeNull();
    expect(mail.html).toContain('<html lang="kk-Latn">');
    const link = confirmLink(mail);
    expect(link.startsWith(`${app.url}/kk-latn/confirm/`)).toBe(true);
    const [stored] = await app.db.query<{ script: string | null; locale: string }>(
      `SELECT "script", "locale" FROM "Signature" WHERE "email" = $1`,
      [email],
    );
    expect(stored).toEqual({ script: "Latn", locale: "kk" });
    // Confirming from the Latin page ends on a Latin page.
    const done = await pressConfirm(link);
    expect(done.url).toContain("/kk-latn/");
    const page = await done.text();
    expect(cyrillicLeft(page)).toEqual([]);
    expect(visibleText(page)).toContain("Raqmet! Qolyñyz sanaldy");

    // Someone signing on the Cyrillic page still gets Cyrillic.
    const other = "kirill@example.kz";
    await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email: other }), { Origin: app.url });
    await app.smtp.waitFor(() => app.smtp.mailsTo(other).length === 1);
    expect(app.smtp.mailsTo(other)[0].subject).toContain("Қолыңызды растаңыз");
  });

  it("tells a Latin signer who withdrew and signs again why not, in Latin too", async () => {
    const email = "qaitadan@example.kz";
    const sign = () => postForm(`${app.url}/kk-latn/p/${demoPetition}`, signer({ email }), { Origin: app.url });
    expect((await sign()).status).toBe(303);
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
    const [mail] = app.smtp.mailsTo(email);
    expect((await pressConfirm(confirmLink(mail))).status).toBe(200);
    const withdraw = mail.text
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.startsWith(`${app.url}/kk-latn/withdraw/`))!;
    expect((await postForm(withdraw, {})).status).toBe(200);
    expect((await sign()).status).toBe(303);
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 2);
    const ended = app.smtp.mailsTo(email)[1];
    expect(ended.subject).toContain("qaitarylyp alynğan");
    expect(ended.subject.match(CYRILLIC)).toBeNull();
    expect(ended.text.match(CYRILLIC)).toBeNull();
    expect(visibleText(ended.html).match(CYRILLIC)).toBeNull();
    expect(ended.text).toContain(`${app.url}/kk-latn/p/${demoPetition}`);
  });

  it("shows form errors on the Latin page itself, in Latin", async () => {
    const response = await postForm(`${app.url}/kk-latn/p/${demoPetition}`, signer({ email: "not-an-address" }), {
      Origin: app.url,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/<html lang="kk-Latn"/);
    expect(cyrillicLeft(html)).toEqual([]);
    expect(html).toContain(`action="/kk-latn/p/${demoPetition}"`);
  });

  it("finds the same publications from Latin and Cyrillic queries", async () => {
    const found = async (lang: string, q: string) => {
      const html = await (await fetch(`${app.url}/${lang}/search?q=${encodeURIComponent(q)}`)).text();
      return [...new Set([...html.matchAll(/href="\/[a-z-]+\/p\/([^"/]+)"/g)].map((m) => m[1]))].sort();
    };
    const cyrillic = await found("kk", "адал сайлау");
    expect(cyrillic).toContain(demoPetition);
    expect(await found("kk-latn", "adal saılau")).toEqual(cyrillic);
    expect(await found("kk-latn", "adal sailau")).toEqual(cyrillic);
    expect(await found("kk", "ADAL SAILAU")).toEqual(cyrillic);
    expect(await found("ru", "hattama")).toEqual(await found("ru", "хаттама"));
    expect(await found("kk-latn", "hattama")).toContain("publish-every-protocol");
    expect(await found("kk-latn", "qwxzqwxz")).toEqual([]);
  });

  it("uses the Latin title and summary an organizer spelled by hand on every Latin page and mail, and audits it", async () => {
    await app.module.addMember({
      email: "latyn.org@example.kz",
      organizationSlug: "ashyq-khattama",
      role: "organizer",
    });
    const ws = workspaceClient(app, await signIn(app, "latyn.org@example.kz"));
    const [{ id: organizationId }] = await app.db.query<{ id: string }>(
      `SELECT "id" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`,
    );
    const slug = "qazaq-latin-override";
    const fields = {
      intent: "save",
      kind: "petition",
      organizationId,
      slug,
      goal: "1000",
      titleKk: "Мектептегі компьютер сыныбы",
      summaryKk: "Әр мектепке компьютер сыныбы керек.",
      bodyKk: "Әр мектепке **компьютер** сыныбы керек.",
      titleRu: "Компьютерный класс в школе",
      summaryRu: "Каждой школе нужен компьютерный класс.",
      bodyRu: "Каждой школе нужен **компьютерный** класс.",
      addresseeKk: "Білім министрлігі",
      addresseeRu: "Министерство просвещения",
    };
    const created = await ws.post("/ru/workspace/publications/new", fields);
    expect(created.status).toBe(303);
    const id = /\/workspace\/publications\/([^/?]+)\?saved=1$/.exec(created.headers.get("location")!)![1];
    const edit = (extra: Record<string, string>) =>
      ws.post(`/ru/workspace/publications/${id}/edit`, { ...fields, ...extra });

    // The same limits as the Cyrillic fields, and Latin letters only, with the reason in the editor's language.
    const cyrillic = await edit({ titleKkLatn: "Mektepte компьютер" });
    expect(cyrillic.status).toBe(400);
    expect(visibleText(await cyrillic.text())).toContain("В поле для латиницы есть кириллические буквы");
    const long = await edit({ summaryKkLatn: "a".repeat(601) });
    expect(long.status).toBe(400);
    expect(visibleText(await long.text())).toContain("Текст слишком длинный");

    const spelled = {
      titleKkLatn: "Mekteptegi kompyuter synyby",
      summaryKkLatn: "Är mektepke kompyuter synyby kerek.",
    };
    expect((await edit(spelled)).status).toBe(303);
    expect(
      (await ws.post(`/ru/workspace/publications/${id}/status`, { transition: "open", back: "/ru/workspace" })).status,
    ).toBe(303);
    const [audited] = await app.db.query<{ details: string }>(
      `SELECT "details" FROM "AuditLog" WHERE "action" = 'publication.edit' AND "target" = $1 ORDER BY "at" DESC LIMIT 1`,
      [slug],
    );
    expect(JSON.parse(audited.details).changed).toEqual(["titleKkLatn", "summaryKkLatn"]);
    // The editor shows what is stored.
    expect(await (await ws.get(`/kk/workspace/publications/${id}/edit`)).text()).toContain(
      'value="Mekteptegi kompyuter synyby"',
    );

    const page = await (await fetch(`${app.url}/kk-latn/p/${slug}`)).text();
    expect(page).toMatch(/<h1[^>]*>Mekteptegi kompyuter synyby</);
    expect(page).toMatch(/<title>Mekteptegi kompyuter synyby[^<]*<\/title>/);
    expect(page).toContain('<meta name="description" content="Är mektepke kompyuter synyby kerek."');
    expect(page).toContain('<meta property="og:title" content="Mekteptegi kompyuter synyby"');
    expect(page).toContain('<meta property="og:description" content="Är mektepke kompyuter synyby kerek."');
    expect(page).not.toContain("Mektepteg\u0131 kompiuter");
    // The text itself keeps the automatic spelling, and the Cyrillic page is untouched.
    expect(visibleText(page)).toContain("kompiuter");
    expect(visibleText(await (await fetch(`${app.url}/kk/p/${slug}`)).text())).toContain("Мектептегі компьютер сыныбы");
    for (const path of ["/petitions", `/search?q=${encodeURIComponent("компьютер сыныбы")}`, "/feed.atom"])
      expect(await (await fetch(`${app.url}/kk-latn${path}`)).text(), path).toContain("Mekteptegi kompyuter synyby");

    const email = "latyn.override@example.kz";
    expect((await postForm(`${app.url}/kk-latn/p/${slug}`, signer({ email }), { Origin: app.url })).status).toBe(303);
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
    const [mail] = app.smtp.mailsTo(email);
    expect(`${mail.subject}\n${mail.text}`).toContain("Mekteptegi kompyuter synyby");
    expect(mail.text.match(CYRILLIC)).toBeNull();

    // Readers of the Latin page sign under that title: once there are signatures, respelling it is a change of text.
    const respelled = await edit({ ...spelled, titleKkLatn: "Mekteptegi kompüter synyby bolsyn" });
    expect(respelled.status).toBe(400);
    expect(visibleText(await respelled.text())).toContain("Опишите");
    // Cleared: back to the automatic spelling (a new version, with its note).
    expect((await edit({ noteKk: "Латын жазуы", noteRu: "Латиница" })).status).toBe(303);
    expect(await (await fetch(`${app.url}/kk-latn/p/${slug}`)).text()).toMatch(/<h1[^>]*>Mekteptegı kompiuter synyby</);
  });
});
