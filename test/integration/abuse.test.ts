import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, postForm, rawPost, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { SIGN_BLOCK: "20/10m" } });
});
afterAll(async () => app?.close());

const petitionUrl = (lang = "kk") => `${app.url}/${lang}/p/${demoPetition}`;
let ipCounter = 0;
// The app trusts X-Forwarded-For from loopback (a local reverse proxy), so tests can play many clients.
const fromNewClient = () => ({ "X-Forwarded-For": `198.51.100.${++ipCounter % 250}` });

const hostileStrings = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1' --",
  'Robert\'); DROP TABLE "Signature";--',
  "name\r\nBcc: victim@example.kz",
  "\u0000\u0001\u0007\u001b[31m",
  "\u202Eevil\u202C",
  "😀".repeat(50),
  "A".repeat(5_000),
  "../../../../etc/passwd",
  "${7*7}{{7*7}}",
  "%00%FF%FE",
  "KZ-75".repeat(200),
  "",
];

describe(`hostile input and rate limits (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("answers hostile values in every field with a 4xx or the normal redirect, never a 5xx, never live markup", async () => {
    const fields = ["name", "email", "region", "consent", "public", "updates", "website"] as const;
    let count = 0;
    for (const field of fields) {
      for (const value of hostileStrings) {
        for (const lang of ["kk", "ru"]) {
          const response = await postForm(
            petitionUrl(lang),
            signer({ email: `fuzz${count}@example.kz`, [field]: value }),
            fromNewClient(),
          );
          count++;
          expect([303, 400, 413], `${field}=${JSON.stringify(value).slice(0, 40)} → ${response.status}`).toContain(
            response.status,
          );
          const html = await response.text();
          expect(html).not.toMatch(/<script>alert|<img src=x/);
          // Field errors above the form, or (for an unreadable form, e.g. with NUL bytes) a translated error page.
          if (response.status === 400)
            expect(visibleText(html)).toMatch(
              lang === "kk" ? /Формада \d+ қате бар|Сұраныс дұрыс емес/ : /В форме \d+ ошиб|Неверный запрос/,
            );
        }
      }
    }
    expect(count).toBeGreaterThan(150);
    // Nothing hostile was stored as a name or region.
    const rows = await app.db.query<{ name: string; region: string }>(`SELECT "name", "region" FROM "Signature"`);
    for (const row of rows) {
      expect(row.name).not.toMatch(/[<>"\u0000-\u001f]/);
      expect(row.region).toMatch(/^(KZ-\d\d|abroad)$/);
    }
  });

  it("survives malformed bodies and query strings with a 4xx", async () => {
    const cases = [
      await rawPost(petitionUrl(), "%E0%A4%A", fromNewClient()),
      await rawPost(petitionUrl(), "name=%FF%FE&email=%C0%AF@x.kz&region=KZ-75&consent=on", fromNewClient()),
      await rawPost(petitionUrl(), '{"name":"json"}', { "Content-Type": "application/json", ...fromNewClient() }),
      await rawPost(petitionUrl(), "--x\r\nbroken multipart", {
        "Content-Type": "multipart/form-data; boundary=x",
        ...fromNewClient(),
      }),
    ];
    for (const result of cases) {
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.status).toBeLessThan(500);
    }
    for (const query of [
      "?signers=-1",
      "?signers=99999999999999999999",
      "?signers=%FF",
      "?signers=<script>",
      "?signers[]=1&signers=2",
    ]) {
      const response = await fetch(`${petitionUrl()}${query}`);
      expect(response.status, query).toBeLessThan(500);
    }
    expect((await fetch(`${app.url}/kk/confirm/${"A".repeat(5000)}`)).status).toBeLessThan(500);
    expect((await fetch(`${app.url}/api/v1/petitions/${encodeURIComponent("<script>")}`)).status).toBe(404);
  });

  it("refuses a flood from one address with a translated 429 (SIGN_BLOCK)", async () => {
    const client = { "X-Forwarded-For": "203.0.113.77" };
    const statuses: number[] = [];
    for (let index = 0; index < 21; index++)
      statuses.push((await postForm(petitionUrl("ru"), signer({ email: `burst${index}@example.kz` }), client)).status);
    expect(statuses.slice(0, 20).every((status) => status === 303)).toBe(true);
    expect(statuses[20]).toBe(429);
    const blocked = await postForm(petitionUrl("ru"), signer({ email: "burst-last@example.kz" }), client);
    expect(blocked.status).toBe(429);
    expect(visibleText(await blocked.text())).toContain("Слишком много попыток");
    // Another address is not affected.
    expect(
      (await postForm(petitionUrl("ru"), signer({ email: "other-client@example.kz" }), fromNewClient())).status,
    ).toBe(303);
  });
});
