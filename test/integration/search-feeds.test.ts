import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";
import { testDatabaseKind } from "../support/databases.ts";
import { searchFold } from "~/lib/kazakh-latin.ts";
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

  it("keeps the two-script search key, computed by the database when a text is written, equal to searchFold()", async () => {
    const keyOf = async (slug: string) =>
      (
        await app.db.query<{ key: string }>(
          testDatabaseKind === "postgres"
            ? `SELECT "searchKey" AS "key" FROM "Publication" WHERE "slug" = $1`
            : `SELECT k."key" AS "key" FROM "PublicationSearchKey" k JOIN "Publication" p ON p."id" = k."publicationId" WHERE p."slug" = $1`,
          [slug],
        )
      )[0].key;
    const slug = "observation-report-2021";
    const [{ titleKk }] = await app.db.query<{ titleKk: string }>(
      `SELECT "titleKk" FROM "Publication" WHERE "slug" = $1`,
      [slug],
    );
    expect(await found("kk-latn", "jañabaqylau")).toEqual([]);
    // Every Cyrillic capital and small letter of Kazakh and Russian, and what counts as a word's edge.
    const letters = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ";
    const title = `${letters} ${letters.toLowerCase()} «Жаңабақылау»—(тест)/[сын]:"қор"*#>-\n\tбіт`;
    await app.db.query(`UPDATE "Publication" SET "titleKk" = $1 WHERE "slug" = $2`, [title, slug]);
    try {
      const expected = searchFold(title.replace(/[\n\t«»"„“()[\]*#>\-—/:]/g, " "));
      expect(await keyOf(slug)).toContain(` ${expected} `);
      // Found from a Latin query only through the key: the full-text index holds Cyrillic words.
      expect(await found("kk-latn", "jañabaqylau")).toEqual([slug]);
      expect(await found("kk-latn", "sın")).toContain(slug);
    } finally {
      await app.db.query(`UPDATE "Publication" SET "titleKk" = $1 WHERE "slug" = $2`, [titleKk, slug]);
    }
    expect(await keyOf(slug)).toContain(` ${searchFold(titleKk.replace(/[\n\t«»"„“()[\]*#>\-—/:]/g, " "))} `);
    expect(await found("kk-latn", "jañabaqylau")).toEqual([]);
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
