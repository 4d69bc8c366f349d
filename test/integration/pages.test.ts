import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, fetchText, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { insertPublication } from "../support/factories.ts";

let app: TestApp;
beforeAll(async () => {
  // Counters are set behind the app's back here: pages are rendered every time.
  app = await startTestApp({ env: { RATE_LIMITS: "off", PAGE_CACHE: "0ms" } });
});
afterAll(async () => app?.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { headers, redirect: "manual" });

async function setCount(slug: string, region: string, confirmed: number) {
  await app.db.query(
    `UPDATE "RegionCount" SET "confirmed" = $1 WHERE "region" = $2 AND "publicationId" = (SELECT "id" FROM "Publication" WHERE "slug" = $3)`,
    [confirmed, region, slug],
  );
}

describe(`pages and languages (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("sends / to the remembered language first, then the browser's, else Kazakh", async () => {
    expect((await get("/", { "Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8" })).headers.get("location")).toBe("/ru");
    expect((await get("/", { "Accept-Language": "kk-KZ,kk;q=0.9" })).headers.get("location")).toBe("/kk");
    expect((await get("/", { "Accept-Language": "en-US" })).headers.get("location")).toBe("/kk");
    const visit = await get("/ru/petitions");
    const cookie = visit.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^lang=/);
    expect((await get("/", { Cookie: cookie.split(";")[0], "Accept-Language": "kk" })).headers.get("location")).toBe(
      "/ru",
    );
  });

  it("answers unknown language prefixes and pages with a translated 404", async () => {
    for (const path of [
      "/en",
      "/en/petitions",
      "/kk/nonsense",
      "/kk/p/no-such-slug",
      "/ru/p/no-such-slug",
      "/kz/p/" + demoPetition,
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect(visibleText(await (await get("/ru/p/no-such-slug")).text())).toContain("Страница не найдена");
    expect(visibleText(await (await get("/kk/p/no-such-slug")).text())).toContain("Бет табылмады");
  });

  it("marks up every page with its language, alternates for both, and a switch that keeps the page", async () => {
    const html = await (await get(`/kk/p/${demoPetition}?signers=2`)).text();
    expect(html).toMatch(/<html lang="kk"/);
    expect(html).toContain(`<link rel="alternate" hrefLang="kk" href="${app.url}/kk/p/${demoPetition}"/>`);
    expect(html).toContain(`<link rel="alternate" hrefLang="ru" href="${app.url}/ru/p/${demoPetition}"/>`);
    expect(html).toContain(`href="/ru/p/${demoPetition}?signers=2"`);
    expect(await (await get("/ru/statements")).text()).toMatch(/<html lang="ru"/);
  });

  it("puts open petitions first on the home page, then statements and reports", async () => {
    const html = await (await get("/ru")).text();
    const order = ['id="home-open"', 'id="home-statements"', 'id="home-reports"'].map((heading) =>
      html.indexOf(heading),
    );
    expect(visibleText(html)).toContain("Петиции, по которым идёт сбор подписей");
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("lists each kind on its own page", async () => {
    const statements = await fetchText(`${app.url}/kk/statements`);
    expect(statements).toContain("Мәлімдеме");
    expect(statements).not.toContain("Адал сайлау үшін: сегіз талап");
    const petitions = await fetchText(`${app.url}/kk/petitions`);
    expect(petitions).toContain("Адал сайлау үшін: сегіз талап");
  });

  it("renders report tables from Markdown, labelled, with a CSV and a bar chart for each", async () => {
    const html = await (await get("/kk/p/observation-report-2021")).text();
    expect(html).toContain("<table>");
    expect(html).toContain("<th");
    expect(html).toMatch(/<td[^>]*>\d/);
    expect(html).toContain('aria-label="Кесте 1"');
    expect(html).toContain('<th scope="col"');
    expect(html).toMatch(/data-testid="report-table-2"/);
    const chart = await (await get("/kk/p/observation-report-2021?table=1&column=2#x")).text();
    expect(chart).toMatch(/aria-current="true"[^>]*>[^<]+</);
    const csv = await get("/ru/p/observation-report-2021/table/1");
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith("\ufeff")).toBe(true);
    expect(text.split("\r\n").length).toBeGreaterThan(5);
    expect((await get("/ru/p/observation-report-2021/table/99")).status).toBe(404);
  });

  it("sends pages as clean UTF-8: no NUL bytes from the streaming renderer, Cyrillic intact", async () => {
    // React 18.3 can flush a 2 KB buffer with an unused zero byte when a two-byte letter does not fit.
    for (const path of [
      "/kk/p/fair-elections-petition",
      "/ru/p/fair-elections-petition",
      "/kk/petitions",
      "/ru/petitions",
      "/ru/privacy",
      "/kk/reports",
    ]) {
      const bytes = Buffer.from(await (await fetch(`${app.url}${path}`)).arrayBuffer());
      expect(bytes.indexOf(0), path).toBe(-1);
      expect(bytes.toString("utf8"), path).not.toContain("\uFFFD");
    }
  });

  it("uses the right plural forms: Russian one/few/many, Kazakh one/other", async () => {
    const cases: Array<[number, string, string]> = [
      [1, "1 подпись", "1 қол"],
      [3, "3 подписи", "3 қол"],
      [5, "5 подписей", "5 қол"],
      [21, "21 подпись", "21 қол"],
      [112, "112 подписей", "112 қол"],
    ];
    for (const [count, ru, kk] of cases) {
      await setCount(demoPetition, "KZ-75", count);
      expect(await fetchText(`${app.url}/ru/p/${demoPetition}`)).toContain(ru);
      expect(await fetchText(`${app.url}/kk/p/${demoPetition}`)).toContain(kk);
    }
    await setCount(demoPetition, "KZ-75", 0);
  });

  it("never turns Markdown from organizers into markup or script", async () => {
    const hostile = [
      "<script>alert('x')</script>",
      '<img src=x onerror="alert(1)">',
      "[click](javascript:alert(1))",
      "[data](data:text/html;base64,PHNjcmlwdD4=)",
      '<a href="https://evil.example" onclick="steal()">x</a>',
      "| a | b |\n|---|---|\n| <b>bold</b> | <iframe src=//evil> |",
    ].join("\n\n");
    const org = await app.db.query<{ id: string }>(`SELECT "id" FROM "Organization" LIMIT 1`);
    await insertPublication(app.db, {
      id: "hostile1",
      slug: "hostile-body",
      kind: "statement",
      status: "open",
      organizationId: org[0].id,
      titleKk: "<script>t</script>",
      titleRu: "Заголовок",
      summaryKk: "<b>s</b>",
      summaryRu: "s",
      body: hostile,
    });
    const html = await (await get("/kk/p/hostile-body")).text();
    const body = html.replace(/<script>window\.__remixContext[\s\S]*?<\/script>/, "");
    // Escaped text is fine; live tags, attributes and link targets are not.
    const found =
      /<script>alert|<img[\s>]|\sonerror="|href="javascript:|<iframe|\sonclick="|href="data:|<script>t<|<b>bold/.exec(
        body,
      );
    expect(found && body.slice(Math.max(0, found.index - 80), found.index + 60)).toBeNull();
    expect(body).toContain("&lt;script&gt;alert");
  });
});
