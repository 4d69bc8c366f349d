// The bilingual editor and the publication lifecycle: drafts, publishing rules, versions, minor
// edits, the official response, statements opened for endorsement, closing at the deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirmText } from "../support/smtp-sink.ts";
import { postForm, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { signIn, workspaceClient } from "../support/workspace.ts";

let app: TestApp;
let ws: ReturnType<typeof workspaceClient>;
let organizationId = "";
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  await app.module.addMember({ email: "editor@example.kz", organizationSlug: "ashyq-khattama", role: "organizer" });
  ws = workspaceClient(app, await signIn(app, "editor@example.kz"));
  organizationId = (
    await app.db.query<{ id: string }>(`SELECT "id" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`)
  )[0].id;
});
afterAll(async () => app?.close());

const kk = {
  titleKk: "Сайлау учаскелеріндегі бейнебақылау",
  summaryKk: "Әр учаскеде камера болсын.",
  bodyKk: "## Талап\n\nӘр учаскеде **камера** болсын.\n\n| Өңір | Учаске |\n|---|---:|\n| Астана | 300 |",
};
const ru = {
  titleRu: "Видеонаблюдение на избирательных участках",
  summaryRu: "Камера на каждом участке.",
  bodyRu:
    "## Требование\n\nНа каждом участке должна быть **камера**.\n\n| Регион | Участки |\n|---|---:|\n| Астана | 300 |",
};
const base = (slug: string, extra: Record<string, string> = {}) => ({
  intent: "save",
  kind: "petition",
  organizationId,
  slug,
  addresseeKk: "Орталық сайлау комиссиясы",
  addresseeRu: "Центральная избирательная комиссия",
  goal: "50000",
  ...extra,
});

async function create(fields: Record<string, string>) {
  const response = await ws.post("/ru/workspace/publications/new", fields);
  expect(response.status, await response.text()).toBe(303);
  return /\/workspace\/publications\/([^/?]+)\?saved=1$/.exec(response.headers.get("location")!)![1];
}
const setStatus = (id: string, transition: string) =>
  ws.post(`/ru/workspace/publications/${id}/status`, { transition, back: `/ru/workspace/publications/${id}` });
const row = async (id: string) =>
  (await app.db.query<Record<string, unknown>>(`SELECT * FROM "Publication" WHERE "id" = $1`, [id]))[0];
async function signAndConfirm(slug: string, email: string, lang = "kk") {
  expect((await postForm(`${app.url}/${lang}/p/${slug}`, signer({ email, region: "KZ-75" }))).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  expect(await pressConfirmText(confirmLink(app.smtp.mailsTo(email)[0]))).toMatch(/Рақмет|Спасибо/);
}

describe(`the publication editor (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("creates drafts that stay private, refuses bad or taken slugs, and publishes only when both languages are complete", async () => {
    const bad = await ws.post("/ru/workspace/publications/new", base("Not A Slug!", kk));
    expect(bad.status).toBe(400);
    expect(visibleText(await bad.text())).toContain("3–80 знаков: строчные латинские буквы");
    const taken = await ws.post("/ru/workspace/publications/new", base("fair-elections-petition", kk));
    expect(taken.status).toBe(409);
    expect(visibleText(await taken.text())).toContain("Такой адрес уже занят");

    const id = await create(base("cameras-at-polling-stations", kk));
    expect((await fetch(`${app.url}/kk/p/cameras-at-polling-stations`)).status).toBe(404);
    const overview = visibleText(await (await ws.get(`/ru/workspace/publications/${id}`)).text());
    expect(overview).toContain("Чтобы опубликовать, заполните:");
    expect(overview).toContain("Заголовок (на русском)");

    const refused = await setStatus(id, "open");
    expect(refused.status).toBe(409);
    expect(visibleText(await refused.text())).toContain(
      "заголовок, краткое содержание и текст должны быть заполнены на обоих языках",
    );
    expect((await row(id)).status).toBe("draft");

    expect(
      (await ws.post(`/ru/workspace/publications/${id}/edit`, base("cameras-at-polling-stations", { ...kk, ...ru })))
        .status,
    ).toBe(303);
    expect((await setStatus(id, "open")).status).toBe(303);
    const kkPage = await (await fetch(`${app.url}/kk/p/cameras-at-polling-stations`)).text();
    const ruPage = await (await fetch(`${app.url}/ru/p/cameras-at-polling-stations`)).text();
    expect(visibleText(kkPage)).toContain(kk.titleKk);
    expect(visibleText(ruPage)).toContain(ru.titleRu);
    expect(ruPage).toMatch(/<table>[\s\S]*Астана[\s\S]*300/);
    // The addressee has not answered yet, and the page says so.
    expect(visibleText(ruPage)).toContain("Ожидает ответа");
    expect(
      (
        (await (await fetch(`${app.url}/api/v1/petitions/cameras-at-polling-stations`)).json()) as {
          response: { state: string };
        }
      ).response.state,
    ).toBe("awaiting");

    // Published: the URL people cite cannot change.
    const moved = await ws.post(`/ru/workspace/publications/${id}/edit`, base("cameras-renamed", { ...kk, ...ru }));
    expect(moved.status).toBe(409);
    expect(visibleText(await moved.text())).toContain("После публикации адрес, тип и организация не меняются.");
  });

  it("previews Markdown without saving, escaping anything that looks like markup", async () => {
    const preview = await ws.post("/kk/workspace/publications/new", {
      ...base("preview-only", kk),
      intent: "preview",
      bodyKk: "**қалың** <script>alert(1)</script> [x](javascript:alert(1))",
    });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("<strong>қалың</strong>");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toMatch(/href="javascript:/);
    expect(await app.db.query(`SELECT "id" FROM "Publication" WHERE "slug" = 'preview-only'`)).toHaveLength(0);
    const live = await ws.post("/kk/workspace/preview", { markdown: "| a | b |\n|---|---|\n| 1 | 2 |" });
    expect(((await JSON.parse(await live.text())) as { html: string }).html).toContain("<table>");
  });

  it("publishes a single-language statement with a notice on the other language's page", async () => {
    const id = await create({ ...base("kk-only-statement", kk), kind: "statement", onlyLanguage: "kk" });
    expect((await setStatus(id, "open")).status).toBe(303);
    const page = await (await fetch(`${app.url}/ru/p/kk-only-statement`)).text();
    expect(visibleText(page)).toContain("Эта публикация опубликована только на казахском языке.");
    expect(page).toMatch(new RegExp(`<h1 lang="kk"[^>]*>${kk.titleKk}</h1>`));
  });

  it("keeps the version each signature was given: a text change after signing makes version 2; typos are minor edits, logged", async () => {
    const slug = "cameras-at-polling-stations";
    const id = (await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [slug]))[0].id;
    await signAndConfirm(slug, "first-signer@example.kz");

    // A typo fix: small, declared minor, logged; no new version.
    const typo = await ws.post(
      `/ru/workspace/publications/${id}/edit`,
      base(slug, { ...kk, ...ru, summaryRu: "Камера на каждом участке!", minorEdit: "on" }),
    );
    expect(typo.status).toBe(303);
    expect(typo.headers.get("location")).toContain("saved=minor");
    expect((await row(id)).version).toBe(1);
    // A rewrite cannot pass as a minor edit.
    const rewrite = {
      ...kk,
      ...ru,
      bodyRu: `${ru.bodyRu}\n\nКроме того, записи с камер должны храниться не менее года и выдаваться наблюдателям по запросу.`,
    };
    const sneaky = await ws.post(`/ru/workspace/publications/${id}/edit`, base(slug, { ...rewrite, minorEdit: "on" }));
    expect(sneaky.status).toBe(409);
    expect(visibleText(await sneaky.text())).toContain("слишком велико для мелкой правки");
    // A real change needs a note, then becomes version 2.
    expect((await ws.post(`/ru/workspace/publications/${id}/edit`, base(slug, rewrite))).status).toBe(400);
    const saved = await ws.post(
      `/ru/workspace/publications/${id}/edit`,
      base(slug, {
        ...rewrite,
        noteKk: "Жазбаларды сақтау талабы қосылды.",
        noteRu: "Добавлено требование хранить записи.",
      }),
    );
    expect(saved.headers.get("location")).toContain("saved=version-2");
    expect((await row(id)).version).toBe(2);

    await signAndConfirm(slug, "second-signer@example.kz", "ru");
    const versions = await app.db.query<{ email: string; version: number }>(
      `SELECT "email", "version" FROM "Signature" WHERE "publicationId" = $1 ORDER BY "email"`,
      [id],
    );
    expect(versions.map((v) => [v.email, Number(v.version)])).toEqual([
      ["first-signer@example.kz", 1],
      ["second-signer@example.kz", 2],
    ]);

    const page = visibleText(await (await fetch(`${app.url}/ru/p/${slug}`)).text());
    expect(page).toContain("Текущий текст — версия 2");
    expect(page).toMatch(/Версия Дата Подписи 1 [^|]*? 1 2 [^|]*?Добавлено требование хранить записи\. 1 /);
    const history = visibleText(await (await fetch(`${app.url}/ru/p/${slug}/versions`)).text());
    expect(history).toContain("Под этой версией 1 подтверждённая подпись.");
    expect(history).toContain("С тех пор внесена 1 мелкая правка.");
    expect(history).toContain("храниться не менее года");

    const audit = await app.db.query<{ action: string; details: string }>(
      `SELECT "action", "details" FROM "AuditLog" WHERE "target" = $1 ORDER BY "at"`,
      [slug],
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      "publication.create",
      "publication.edit",
      "publication.open",
      "publication.minor-edit",
      "publication.new-version",
    ]);
    expect(JSON.parse(audit[3].details)).toMatchObject({
      changed: ["summaryRu"],
      characters: { summaryRu: expect.any(Number) },
    });
  });

  it("records the official response and shows it, dated, with the document link", async () => {
    const id = (
      await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = 'cameras-at-polling-stations'`)
    )[0].id;
    const hostile = await ws.post(`/kk/workspace/publications/${id}/response`, {
      respondedAt: "2026-11-20",
      responseRu: "Ответ",
      responseUrl: "javascript:alert(1)",
    });
    expect(hostile.status).toBe(400);
    expect(visibleText(await hostile.text())).toContain("https:// деп басталатын толық сілтеме");
    const saved = await ws.post(`/kk/workspace/publications/${id}/response`, {
      respondedAt: "2026-11-20",
      responseRu: "ЦИК рассмотрит предложение на заседании.",
      responseUrl: "https://election.gov.kz/answer.pdf",
    });
    expect(saved.status).toBe(303);
    const ruPage = visibleText(await (await fetch(`${app.url}/ru/p/cameras-at-polling-stations`)).text());
    expect(ruPage).toContain("Ответ получен Дата ответа: 20");
    expect(ruPage).toContain("ЦИК рассмотрит предложение на заседании.");
    // Answered in Russian only: the Kazakh page says so of the response, not of the whole publication.
    const kkHtml = await (await fetch(`${app.url}/kk/p/cameras-at-polling-stations`)).text();
    expect(visibleText(kkHtml)).toContain("Жауап тек орыс тілінде берілген.");
    expect(visibleText(kkHtml)).not.toContain("Бұл жарияланым тек орыс тілінде жарияланған.");
    expect(kkHtml).toContain('href="https://election.gov.kz/answer.pdf"');
    // Journalists read the same state from the API (and the cached JSON is refreshed at once).
    const api = (await (await fetch(`${app.url}/api/v1/petitions/cameras-at-polling-stations`)).json()) as {
      version: number;
      response: unknown;
    };
    expect(api).toMatchObject({
      version: 2,
      response: {
        state: "answered",
        respondedAt: "2026-11-20T12:00:00.000Z",
        url: "https://election.gov.kz/answer.pdf",
      },
    });
  });

  it("opens a statement for endorsement: signed, confirmed and counted like a petition, in the API too", async () => {
    const id = await create({ ...base("support-observers", { ...kk, ...ru }), kind: "statement", endorsable: "on" });
    expect((await setStatus(id, "open")).status).toBe(303);
    const page = visibleText(await (await fetch(`${app.url}/ru/p/support-observers`)).text());
    expect(page).toContain("Я поддерживаю это заявление");
    await signAndConfirm("support-observers", "endorser@example.kz", "ru");
    const api = (await (await fetch(`${app.url}/api/v1/petitions/support-observers`)).json()) as {
      kind: string;
      confirmed: number;
    };
    expect(api).toMatchObject({ kind: "statement", confirmed: 1 });
    // Lists show the count of an endorsable statement as they do for petitions.
    expect(visibleText(await (await fetch(`${app.url}/ru/statements`)).text())).toContain("1 подпись");
    // Once it has signatures, endorsement cannot be switched off (close the statement instead).
    const off = await ws.post(`/ru/workspace/publications/${id}/edit`, {
      ...base("support-observers", { ...kk, ...ru }),
      kind: "statement",
    });
    expect(off.status).toBe(409);
    expect(visibleText(await off.text())).toContain("отключить поддержку нельзя");
  });

  it("closes petitions whose deadline has passed, as of the deadline, and archived ones keep their counts", async () => {
    const id = await create(base("deadline-passes", { ...kk, ...ru, deadline: "2030-01-01" }));
    expect((await setStatus(id, "open")).status).toBe(303);
    const past = new Date(Date.now() - 60_000);
    await app.db.query(`UPDATE "Publication" SET "deadline" = $1 WHERE "id" = $2`, [
      app.db.kind === "sqlite" ? past.toISOString() : past,
      id,
    ]);
    await app.module.runJob("close-expired", { force: true });
    const closed = await row(id);
    expect(closed.status).toBe("closed");
    expect(new Date(closed.closedAt as string).getTime()).toBe(past.getTime());
    expect((await setStatus(id, "archive")).status).toBe(303);
    expect((await fetch(`${app.url}/kk/p/deadline-passes`)).status).toBe(200);
    expect((await ws.get(`/kk/workspace/publications/${id}/edit`)).status).toBe(409);
  });
});
