// Words that fit what is shown: a statement is endorsed (form, mail, the pages after the form, no
// government threshold), a closed petition says when collecting ended, a one-letter name gets its own
// message, and the page furniture a screen reader or search engine reads (titles, headings, descriptions) is right.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closedDemoPetition,
  demoPetition,
  postForm,
  signer,
  startTestApp,
  TEST_SESSION_SECRET,
  visibleText,
  type TestApp,
} from "../support/app.ts";
import { pressConfirm, confirmLink } from "../support/smtp-sink.ts";
import { outboxSettled } from "../support/wait.ts";
import { signIn, workspaceClient } from "../support/workspace.ts";

const statement = "we-support-observers";
let app: TestApp;
let ws: ReturnType<typeof workspaceClient>;
let statementId: string;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off", PAGE_CACHE: "0ms" } });
  // A statement open for endorsement, written and opened by an organizer in the workspace.
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: "ashyq-khattama", role: "organizer" });
  ws = workspaceClient(app, await signIn(app, "organizer@example.kz"));
  const [{ id: organizationId }] = await app.db.query<{ id: string }>(
    `SELECT "id" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`,
  );
  const created = await ws.post("/ru/workspace/publications/new", {
    intent: "save",
    kind: "statement",
    endorsable: "on",
    organizationId,
    slug: statement,
    titleKk: "Бақылаушыларды қолдаймыз",
    summaryKk: "Тәуелсіз бақылаушылар әр учаскеге кіре алуы керек.",
    bodyKk: "Тәуелсіз бақылаушылар әр учаскеге кіре алуы керек.",
    titleRu: "Мы поддерживаем наблюдателей",
    summaryRu: "Независимые наблюдатели должны попадать на каждый участок.",
    bodyRu: "Независимые наблюдатели должны попадать на каждый участок.",
  });
  expect(created.status, await created.text()).toBe(303);
  statementId = /\/workspace\/publications\/([^/?]+)\?saved=1$/.exec(created.headers.get("location")!)![1];
  const opened = await ws.post(`/ru/workspace/publications/${statementId}/status`, {
    transition: "open",
    back: `/ru/workspace/publications/${statementId}`,
  });
  expect(opened.status).toBe(303);
});
afterAll(async () => app?.close());

const page = async (path: string) => {
  const response = await fetch(app.url + path);
  return { status: response.status, html: await response.text() };
};

/** What the page itself says: its title and its main content, without the site's menus. */
function ownWords(html: string) {
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
  return `${title} ${visibleText(html.slice(html.indexOf("<main"), html.indexOf("</main>")))}`;
}

/** The link of the updates mails' List-Unsubscribe header (app/services/updates.server.ts). */
async function unsubscribePath(lang: string, email: string) {
  const [{ id }] = await app.db.query<{ id: string }>(`SELECT "id" FROM "Signature" WHERE "email" = $1`, [email]);
  const mac = createHmac("sha256", TEST_SESSION_SECRET).update(`unsubscribe:${id}`).digest("base64url").slice(0, 32);
  return `/${lang}/unsubscribe/${id}.${mac}`;
}

/**
 * A supporter's way through the pages after the form, each page's own words collected: check your
 * mail, the link's "confirm?" page, the thank-you page after the button, unsubscribing and withdrawing
 * (each asked, then done), the receipt check's answer and the publication's removal log.
 */
async function pagesAfterSigning(lang: "kk" | "ru", slug: string, email: string) {
  const signed = await postForm(`${app.url}/${lang}/p/${slug}`, signer({ email, updates: "on" }));
  expect(signed.status).toBe(303);
  const cookie = signed.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const pages: Record<string, string> = {};
  const checkEmail = await fetch(new URL(signed.headers.get("location")!, app.url), { headers: { cookie } });
  expect(checkEmail.status).toBe(200);
  pages["check-email"] = ownWords(await checkEmail.text());
  const mail = await mailFor(email);
  const link = confirmLink(mail);
  const asked = await fetch(link);
  expect(asked.status).toBe(200);
  pages["confirm (ask)"] = ownWords(await asked.text());
  const thanked = await pressConfirm(link);
  expect(thanked.status).toBe(200);
  const thankYou = await thanked.text();
  pages["confirm (done)"] = ownWords(thankYou);
  const receipt = /data-testid="receipt">([A-Za-z0-9_-]{22})</.exec(thankYou)![1];
  const unsubscribe = app.url + (await unsubscribePath(lang, email));
  pages["unsubscribe (ask)"] = ownWords(await (await fetch(unsubscribe)).text());
  const unsubscribed = await postForm(unsubscribe, {});
  expect(unsubscribed.status).toBe(200);
  pages["unsubscribe (done)"] = ownWords(await unsubscribed.text());
  const withdraw = mail.text
    .split("\n")
    .find((line) => /\/withdraw\/[A-Za-z0-9_-]{32}$/.test(line.trim()))!
    .trim();
  pages["withdraw (ask)"] = ownWords(await (await fetch(withdraw)).text());
  const withdrawn = await postForm(withdraw, {});
  expect(withdrawn.status).toBe(200);
  pages["withdraw (done)"] = ownWords(await withdrawn.text());
  // The receipt check lists every petition and statement to choose from: only its answer is judged.
  const checked = await (await fetch(`${app.url}/${lang}/receipt?petition=${slug}&id=${receipt}`)).text();
  pages["receipt"] = visibleText(/<section[^>]*data-testid="receipt-result"[\s\S]*?<\/section>/.exec(checked)![0]);
  pages["removals"] = ownWords(await (await fetch(`${app.url}/${lang}/p/${slug}/removals`)).text());
  return pages;
}

async function mailFor(email: string, count = 1) {
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length >= count, 10_000);
  return app.smtp.mailsTo(email)[count - 1]!;
}

describe(`words that fit what is shown (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("a statement open for endorsement is endorsed in its form and its mail, and shows no government threshold", async () => {
    const ru = visibleText((await page(`/ru/p/${statement}`)).html);
    expect(ru).toContain("Я поддерживаю это заявление");
    expect(ru).toContain("для поддержки этого заявления");
    expect(ru).toContain("Можно показать моё имя на странице заявления");
    expect(ru).toContain("Присылать мне новости об этом заявлении");
    expect(ru).not.toMatch(/этой петиции|странице петиции/);
    expect(ru).not.toContain("Официальная петиция в Правительство");
    const kk = await page(`/kk/p/${statement}`);
    expect(kk.html).not.toContain('data-testid="thresholds"');
    expect(visibleText(kk.html)).toContain("осы мәлімдемені қолдау үшін");
    expect(visibleText(kk.html)).not.toContain("осы петиция үшін");
    // The petition keeps its own words and its threshold comparison.
    const petition = await page(`/ru/p/${demoPetition}`);
    expect(petition.html).toContain('data-testid="thresholds"');
    expect(visibleText(petition.html)).toContain("для этой петиции");

    // Refused, the statement's form still speaks of endorsing.
    for (const [lang, words, wrong] of [
      ["ru", "Чтобы поддержать заявление, нужно согласие", "Чтобы подписать"],
      ["kk", "Мәлімдемені қолдау үшін жеке деректерді өңдеуге келісім қажет", "Қол қою үшін"],
    ] as const) {
      const refused = await postForm(`${app.url}/${lang}/p/${statement}`, signer({ consent: "" }));
      expect(refused.status).toBe(400);
      const text = visibleText(await refused.text());
      expect(text).toContain(words);
      expect(text).not.toContain(wrong);
    }

    const email = "endorser@example.kz";
    expect((await postForm(`${app.url}/ru/p/${statement}`, signer({ email }))).status).toBe(303);
    const mail = await mailFor(email);
    expect(mail.text).toContain("поддержали заявление «Мы поддерживаем наблюдателей»");
    expect(mail.text).not.toContain("подписали петицию");
    expect((await pressConfirm(confirmLink(mail))).status).toBe(200);
    // Endorsing again: the "already counted" mail speaks of the statement too.
    expect((await postForm(`${app.url}/kk/p/${statement}`, signer({ email }))).status).toBe(303);
    const again = await mailFor(email, 2);
    expect(again.subject).toContain("Сіз бұл мәлімдемені қолдап қойғансыз");
    expect(again.text).toContain("Мәлімдеме беті:");
    expect(again.text).not.toMatch(/петицияға|Петиция беті/);

    const petitioner = "petitioner@example.kz";
    expect((await postForm(`${app.url}/ru/p/${demoPetition}`, signer({ email: petitioner }))).status).toBe(303);
    expect((await mailFor(petitioner)).text).toContain("подписали петицию «За честные выборы: восемь требований»");
    await outboxSettled(app.db);
  });

  it("a statement's supporter is never told of a petition or a signature on the pages after the form; a petition's signer still is", async () => {
    const expected = {
      kk: {
        statement: {
          "check-email": ["мәлімдемені қолдауға болатын болса", "Қайта қолдаңыз", "Мәлімдемеге оралу"],
          "confirm (ask)": ["Қолдауыңызды растаңыз", "мәлімдемесін қолдауыңызды растайсыз", "Иә, қолдауымды растаймын"],
          "confirm (done)": ["Рақмет! Қолдауыңыз саналды", "Мәлімдеме бетіне өту", "адам қолдады"],
          "unsubscribe (ask)": ["мәлімдемесі туралы жаңалықтарды", "Қолдауыңыз сақталады"],
          "unsubscribe (done)": ["мәлімдемесі туралы жаңалықтар сізге енді жіберілмейді", "Мәлімдеме беті"],
          "withdraw (ask)": ["Қолдауды қайтарып алу", "Иә, қолдауымды қайтарып аламын"],
          "withdraw (done)": ["Қолдауыңыз қайтарылып алынды", "мәлімдемесіне берген қолдауыңыз"],
          receipt: ["Қолдаушы бұл қолдауды қайтарып алды"],
          removals: ["қалпына келтірген әр қолдау"],
        },
        petition: {
          "check-email": ["қол қоюға болатын болса", "Петицияға оралу"],
          "confirm (ask)": ["Қолыңызды растаңыз", "петициясына қойған қолыңызды"],
          "confirm (done)": ["Рақмет! Қолыңыз саналды", "Петиция бетіне өту"],
          "unsubscribe (ask)": ["петициясының жаңалықтарын"],
          "unsubscribe (done)": ["петициясының жаңалықтары"],
          "withdraw (ask)": ["Қолды қайтарып алу", "петициясына қойған қолыңызды"],
          "withdraw (done)": ["Қолыңыз қайтарылып алынды"],
          receipt: ["Қол қоюшы бұл қолды қайтарып алды"],
          removals: ["қалпына келтірген әр қол —"],
        },
      },
      ru: {
        statement: {
          "check-email": ["можно поддержать заявление", "Поддержите снова", "Вернуться к заявлению"],
          "confirm (ask)": ["Подтвердите поддержку", "поддержку заявления", "Да, подтверждаю поддержку"],
          "confirm (done)": ["Спасибо! Ваша поддержка учтена", "Перейти к заявлению", "в поддержку"],
          "unsubscribe (ask)": ["новости о заявлении", "Ваша поддержка останется"],
          "unsubscribe (done)": ["Новости о заявлении", "Страница заявления"],
          "withdraw (ask)": ["Отзыв поддержки", "Да, отозвать поддержку"],
          "withdraw (done)": ["Поддержка отозвана", "Ваша поддержка заявления"],
          receipt: ["Поддержавший отозвал свою поддержку"],
          removals: ["восстановление поддержки модератором"],
        },
        petition: {
          "check-email": ["можно подписать петицию", "Вернуться к петиции"],
          "confirm (ask)": ["Подтвердите подпись", "подпись под петицией"],
          "confirm (done)": ["Спасибо! Ваша подпись учтена", "Перейти к петиции"],
          "unsubscribe (ask)": ["новости петиции"],
          "unsubscribe (done)": ["Новости петиции"],
          "withdraw (ask)": ["Отзыв подписи", "подпись под петицией"],
          "withdraw (done)": ["Подпись отозвана"],
          receipt: ["Подписавший отозвал эту подпись"],
          removals: ["восстановление подписи модератором"],
        },
      },
    } as const;
    // Petition words: the Kazakh and Russian stem alike, a signature and signing, the government threshold.
    const petitionWords = { kk: /петиц|қол қой|қолыңыз|қолды\s|50\s000/i, ru: /петиц|подпис|50\s000/i };
    for (const lang of ["kk", "ru"] as const) {
      const endorsed = await pagesAfterSigning(lang, statement, `journey.${lang}@example.kz`);
      for (const [name, words] of Object.entries(expected[lang].statement)) {
        const text = endorsed[name]!;
        for (const word of words) expect(text, `${lang} statement ${name}`).toContain(word);
        expect(text, `${lang} statement ${name}`).not.toMatch(petitionWords[lang]);
      }
      const signed = await pagesAfterSigning(lang, demoPetition, `journey.petition.${lang}@example.kz`);
      for (const [name, words] of Object.entries(expected[lang].petition))
        for (const word of words) expect(signed[name], `${lang} petition ${name}`).toContain(word);
    }
    await outboxSettled(app.db);
  });

  it("a statement's later mails speak of the statement too: its news, and endorsing again after withdrawing", async () => {
    // Our words only: the footer says what Dauys is ("petitions and civic initiatives").
    const ours = (text: string) => text.replace(/^Дауыс — .*$/m, "");
    const email = "endorser-news@example.kz";
    expect((await postForm(`${app.url}/ru/p/${statement}`, signer({ email, updates: "on" }))).status).toBe(303);
    const first = await mailFor(email);
    expect(first.subject).toContain("Подтвердите поддержку заявления");
    expect((await pressConfirm(confirmLink(first))).status).toBe(200);

    const updates = `/ru/workspace/publications/${statementId}/updates`;
    const created = await ws.post(updates, {
      subjectKk: "Мәлімдеме жаңалығы",
      subjectRu: "Новости заявления",
      bodyKk: "Рақмет.",
      bodyRu: "Спасибо.",
    });
    expect(created.status).toBe(303);
    const updateId = /\/updates\/([^/?]+)$/.exec(created.headers.get("location")!)![1];
    expect((await ws.post(`${updates}/${updateId}`, { intent: "send", confirm: "yes" })).status).toBe(303);
    const news = await mailFor(email, 2);
    expect(news.text).toContain("новости заявления «Мы поддерживаем наблюдателей»");
    expect(news.text).toContain("потому что поддержали заявление");

    const withdraw = first.text
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.includes("/withdraw/"))!;
    expect((await postForm(withdraw, {})).status).toBe(200);
    expect((await postForm(`${app.url}/ru/p/${statement}`, signer({ email }))).status).toBe(303);
    const ended = await mailFor(email, 3);
    expect(ended.subject).toContain("поддержка с этого адреса была отозвана");
    for (const mail of [first, news, ended]) {
      expect(mail.subject).not.toMatch(/петици|подпис/i);
      expect(ours(mail.text)).not.toMatch(/петици|подпис/i);
    }
    await outboxSettled(app.db);
  });

  it("a petition closed or archived before its deadline says when collecting ended, never 'collecting until'", async () => {
    const closedAt = new Date("2026-10-05T07:00:00Z");
    const asParameter = (date: Date) => (app.db.kind === "sqlite" ? date.toISOString() : date);
    await app.db.query(`UPDATE "Publication" SET "deadline" = $1, "closedAt" = $2 WHERE "slug" = $3`, [
      asParameter(new Date(Date.now() + 90 * 86_400_000)),
      asParameter(closedAt),
      closedDemoPetition,
    ]);
    for (const status of ["closed", "archived"]) {
      await app.db.query(`UPDATE "Publication" SET "status" = $1 WHERE "slug" = $2`, [status, closedDemoPetition]);
      const ru = visibleText((await page(`/ru/p/${closedDemoPetition}`)).html);
      expect(ru, status).not.toContain("Сбор подписей до");
      expect(ru, status).toContain("Сбор подписей завершился 5 октября 2026");
      const kk = visibleText((await page(`/kk/p/${closedDemoPetition}`)).html);
      expect(kk, status).not.toContain("Қол жинау мерзімі");
      expect(kk, status).toContain("Қол жинау аяқталды:");
    }
    // An open petition still says until when it collects.
    expect(visibleText((await page(`/ru/p/${demoPetition}`)).html)).toContain("Сбор подписей до");
  });

  it("a one-letter name is refused with a message that says so, not 'write your name'", async () => {
    for (const [lang, message] of [
      ["ru", "Укажите фамилию и имя полностью: одной буквы недостаточно."],
      ["kk", "Аты-жөніңізді толық жазыңыз: бір әріп жеткіліксіз."],
    ] as const) {
      const refused = await postForm(
        `${app.url}/${lang}/p/${demoPetition}`,
        signer({ name: "А", email: `a.${lang}@example.kz` }),
      );
      expect(refused.status).toBe(400);
      const text = visibleText(await refused.text());
      expect(text).toContain(message);
      expect(text).not.toContain(lang === "ru" ? "Укажите фамилию и имя." : "Аты-жөніңізді жазыңыз.");
    }
  });

  it("404 pages have their title in the head; list cards are h2 under the h1; home and lists describe themselves", async () => {
    for (const path of ["/ru/no-such-page", "/kk/p/no-such-petition"]) {
      const { status, html } = await page(path);
      expect(status).toBe(404);
      const head = html.slice(0, html.indexOf("</head>"));
      expect(head, path).toMatch(/<title>(Страница не найдена|Бет табылмады) — Дауыс<\/title>/);
      expect(html.slice(html.indexOf("<body")), path).not.toContain("<title>");
    }
    for (const lang of ["kk", "ru"]) {
      for (const list of ["petitions", "statements", "reports"]) {
        const { html } = await page(`/${lang}/${list}`);
        expect(html, list).toMatch(/<meta name="description" content="[^"]{40,}"/);
        expect(html, list).not.toMatch(/<h3/);
        expect(html, list).toMatch(/<h1[^>]*>[^<]+<\/h1>(?:(?!<h[2-6])[\s\S])*?<article[^>]*><p[\s\S]*?<\/p><h2/);
      }
      const home = await page(`/${lang}`);
      expect(home.html).toMatch(/<meta name="description" content="[^"]{40,}"/);
    }
    // Search results are under the page's h1 too.
    expect((await page(`/ru/search?q=${encodeURIComponent("выборы")}`)).html).toMatch(
      /<article[^>]*><p[\s\S]*?<\/p><h2/,
    );
  });

  it("thresholds of 10 000 and 50 000 never break across lines; the language switch's name holds its visible word", async () => {
    const { html } = await page(`/ru/p/${demoPetition}`);
    expect(html).toContain("50\u00a0000 подписей");
    expect(html).toContain("На 10\u00a0000 жителей");
    expect(html).toMatch(/title="Қазақша: открыть сайт на казахском языке"[^>]*><span lang="kk">Қазақша<\/span>/);
    const kk = (await page(`/kk/p/${demoPetition}`)).html;
    expect(kk).toMatch(/title="Русский: сайтты орыс тілінде ашу"[^>]*><span lang="ru">Русский<\/span>/);
  });
});
