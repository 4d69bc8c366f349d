import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";
import { searchTerms } from "~/models/search.server.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
});
afterAll(async () => app?.close());

const found = async (lang: string, q: string) => {
  const html = await (await fetch(`${app.url}/${lang}/search?q=${encodeURIComponent(q)}`)).text();
  return [...new Set([...html.matchAll(new RegExp(`href="/${lang}/p/([^"]+)"`, "g"))].map((match) => match[1]))].sort();
};

describe(`search and feeds (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("finds publications by Kazakh and Russian word forms, whichever language the page is in", async () => {
    expect(await found("ru", "мандатов")).toEqual(["observation-report-2021"]);
    expect(await found("kk", "мандаттар")).toEqual(["observation-report-2021"]);
    expect(await found("kk", "онлайн")).toEqual(["fair-elections-petition"]);
    expect(await found("ru", "сканерленген")).toEqual(["publish-every-protocol"]);
    expect(await found("ru", "nothingmatchesthis")).toEqual([]);
  });

  it("treats search input as words only: operators and quotes cannot break the query", async () => {
    for (const q of ['"', "NEAR(", "a OR b", "*", "') --", "сайлау & | ! :*", "\u202e", "x".repeat(500)]) {
      const response = await fetch(`${app.url}/kk/search?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
    }
    expect(searchTerms("Сайлауға, ВЫБОРОВ и 2021!")).toEqual(["сайла", "выбо", "2021"]);
  });

  it("publishes Atom feeds per language and kind", async () => {
    const response = await fetch(`${app.url}/kk/feed.atom`);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await response.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="kk">');
    expect(xml.match(/<entry>/g)).toHaveLength(4);
    const reports = await (await fetch(`${app.url}/ru/reports/feed.atom`)).text();
    expect(reports.match(/<entry>/g)).toHaveLength(1);
    expect(reports).toContain("/ru/p/observation-report-2021");
    expect((await fetch(`${app.url}/ru/nothing/feed.atom`)).status).toBe(404);
    expect(await (await fetch(`${app.url}/ru`)).text()).toContain('type="application/atom+xml" href="/ru/feed.atom"');
  });
});
