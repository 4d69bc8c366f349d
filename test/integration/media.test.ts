import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionCodes } from "~/data/regions.ts";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { demoPetition, fetchText, postForm, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";

let app: TestApp;
const api = (path = "") => `${app.url}/api/v1/petitions/${demoPetition}${path}`;
type Point = { start: string; confirmed: number; cumulative: number };

function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  const rand = random(7);
  for (let index = 0; index < 25; index++) {
    const email = `media${index}@example.kz`;
    await postForm(
      `${app.url}/ru/p/${demoPetition}`,
      signer({ email, region: regionCodes[Math.floor(rand() * regionCodes.length)] }),
    );
  }
  await app.smtp.waitFor((all) => all.filter((mail) => mail.to.startsWith("media")).length >= 25);
  for (const mail of app.smtp.messages.filter((mail) => mail.to.startsWith("media")))
    if (rand() < 0.8) await pressConfirm(confirmLink(mail));
  // Spread the ledger over several hours and days, as a real petition's would be.
  const entries = await app.db.query<{ seq: number }>(`SELECT "seq" FROM "LedgerEntry" ORDER BY "seq"`);
  for (const entry of entries) {
    const at = new Date(Date.now() - (entries.length - entry.seq) * 5 * 3_600_000);
    at.setUTCSeconds(0, 0);
    await app.db.query(`UPDATE "LedgerEntry" SET "minute" = $1 WHERE "seq" = $2`, [
      app.db.kind === "sqlite" ? at.toISOString() : at,
      entry.seq,
    ]);
  }
});
afterAll(async () => app?.close());

describe(`media and open data (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("gives a complete history per hour and per day that adds up to the published count", async () => {
    const { confirmed } = (await (await fetch(api())).json()) as { confirmed: number };
    expect(confirmed).toBeGreaterThan(10);
    for (const [interval, step] of [
      ["hour", 3_600_000],
      ["day", 86_400_000],
    ] as const) {
      const body = (await (await fetch(api(`/history?interval=${interval}`))).json()) as {
        points: Point[];
        interval: string;
      };
      expect(body.interval).toBe(interval);
      const points = body.points;
      expect(points.at(-1)!.cumulative).toBe(confirmed);
      expect(points.reduce((sum, point) => sum + point.confirmed, 0)).toBe(confirmed);
      for (let index = 1; index < points.length; index++) {
        expect(Date.parse(points[index].start) - Date.parse(points[index - 1].start)).toBe(step);
        expect(points[index].cumulative).toBe(points[index - 1].cumulative + points[index].confirmed);
      }
      expect(points[0].confirmed).toBeGreaterThan(0);
    }
    expect((await fetch(api("/history?interval=week"))).status).toBe(400);
  });

  it("serves CSV in UTF-8 with a byte-order mark, Cyrillic intact", async () => {
    const response = await fetch(api("/regions.csv"));
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("fair-elections-petition-regions.csv");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.slice(3));
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "code,name_kk,name_ru,confirmed,pending,held,withdrawn,removed,paper,population,population_date,confirmed_per_10000",
    );
    expect(lines).toHaveLength(22);
    expect(text).toContain("KZ-59,Солтүстік Қазақстан облысы,Северо-Казахстанская область,");
    const history = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
      new Uint8Array(await (await fetch(api("/history.csv?interval=day"))).arrayBuffer()),
    );
    expect(history.startsWith("\ufeffinterval_start,confirmed,cumulative\r\n")).toBe(true);
    // Days start at midnight in Kazakhstan, written with the offset as the pages show time (decision 050).
    expect(history.split("\r\n")[1]).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+05:00,-?\d+,\d+$/);
  });

  it("revalidates with ETag and Last-Modified, and allows any origin", async () => {
    const first = await fetch(api());
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get("cache-control")).toContain("stale-while-revalidate");
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const lastModified = first.headers.get("last-modified")!;
    expect(Number.isNaN(Date.parse(lastModified))).toBe(false);
    const again = await fetch(api(), { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect((await fetch(api(), { headers: { "If-Modified-Since": lastModified } })).status).toBe(304);
    expect((await fetch(api(), { headers: { "If-None-Match": 'W/"other"' } })).status).toBe(200);
    for (const path of ["/history", "/regions.csv"]) {
      const tag = (await fetch(api(path))).headers.get("etag")!;
      expect((await fetch(api(path), { headers: { "If-None-Match": tag } })).status).toBe(304);
    }
  });

  it("filters, sorts and pages the petition list, and rejects bad parameters with JSON 400", async () => {
    const list = async (query: string) =>
      (await (await fetch(`${app.url}/api/v1/petitions?${query}`)).json()) as {
        petitions: { slug: string; status: string; confirmed: number; lastHour?: number }[];
        total: number;
        page: number;
      };
    expect((await list("status=closed")).petitions.map((petition) => petition.status)).toEqual(["closed"]);
    const signed = await list("sort=signed");
    expect(signed.petitions[0].slug).toBe(demoPetition);
    expect((await list("sort=trending")).petitions[0]).toHaveProperty("lastHour");
    const paged = await list("per_page=1&page=2");
    expect(paged.petitions).toHaveLength(1);
    expect(paged.page).toBe(2);
    expect(paged.total).toBe(2);
    for (const query of ["sort=loudest", "page=0", "per_page=1000", "status=draft"]) {
      const response = await fetch(`${app.url}/api/v1/petitions?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_query");
    }
  });

  it("freezes a citable snapshot that never changes, shared by everyone citing within a minute", async () => {
    const cite = await fetch(`${app.url}/kk/p/${demoPetition}/cite`, { method: "POST", redirect: "manual" });
    expect(cite.status).toBe(303);
    const location = cite.headers.get("location")!;
    expect(location).toMatch(/^\/kk\/s\/[A-Za-z0-9]{10}$/);
    const id = location.split("/").pop()!;
    const again = await fetch(`${app.url}/ru/p/${demoPetition}/cite`, { method: "POST", redirect: "manual" });
    expect(again.headers.get("location")).toBe(`/ru/s/${id}`);

    const frozen = await (await fetch(`${app.url}/api/v1/snapshots/${id}`)).text();
    const snapshot = JSON.parse(frozen) as {
      confirmed: number;
      ledger: { seq: number; hash: string };
      regions: unknown[];
    };
    const live = (await (await fetch(api())).json()) as { confirmed: number; ledger: { seq: number; hash: string } };
    expect(snapshot.confirmed).toBe(live.confirmed);
    expect(snapshot.ledger).toEqual({ seq: live.ledger.seq, hash: live.ledger.hash });
    expect(snapshot.regions).toHaveLength(21);

    await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email: "after.snapshot@example.kz" }));
    await app.smtp.waitFor(() => app.smtp.mailsTo("after.snapshot@").length === 1);
    await pressConfirm(confirmLink(app.smtp.mailsTo("after.snapshot@")[0]));
    expect(((await (await fetch(api())).json()) as { confirmed: number }).confirmed).toBe(snapshot.confirmed + 1);
    expect(await (await fetch(`${app.url}/api/v1/snapshots/${id}`)).text()).toBe(frozen);

    const ru = await fetchText(`${app.url}/ru/s/${id}`);
    expect(ru).toContain(`по состоянию на`);
    expect(ru).toMatch(
      /Петиция «За честные выборы: восемь требований» на платформе Дауыс по состоянию на .+ собрала \d+ подтвержд/,
    );
    expect(ru).toContain(`реестр №${snapshot.ledger.seq}`);
    expect((await fetch(`${app.url}/kk/s/nope`)).status).toBe(404);
    expect((await fetch(`${app.url}/api/v1/snapshots/nope`)).status).toBe(404);
  });

  it("offers an embeddable counter other sites may frame, an SVG badge and oEmbed", async () => {
    const embed = await fetch(`${app.url}/embed/${demoPetition}?lang=ru`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get("x-frame-options")).toBeNull();
    expect(embed.headers.get("content-security-policy")).toContain("frame-ancestors *");
    const html = await embed.text();
    expect(html).toMatch(/<html lang="ru"/);
    expect(visibleText(html)).toContain("Подтверждённые подписи");
    expect(visibleText(html)).not.toContain("Перейти к основному содержанию");
    expect((await fetch(`${app.url}/kk/p/${demoPetition}`)).headers.get("x-frame-options")).toBe("DENY");

    const badge = await fetch(`${app.url}/badge/${demoPetition}.svg?lang=ru`);
    expect(badge.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const svg = await badge.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toMatch(/>\d+ подпис(ь|и|ей)</);
    expect((await fetch(`${app.url}/badge/${demoPetition}.png`)).status).toBe(404);

    const oembed = (await (
      await fetch(`${app.url}/api/oembed?url=${encodeURIComponent(`${app.url}/kk/p/${demoPetition}`)}&format=json`)
    ).json()) as { type: string; html: string };
    expect(oembed.type).toBe("rich");
    expect(oembed.html).toContain(`/embed/${demoPetition}?lang=kk`);
    expect((await fetch(`${app.url}/api/oembed?url=${encodeURIComponent("https://evil.example/kk/p/x")}`)).status).toBe(
      404,
    );
    expect((await fetch(`${app.url}/api/oembed?url=x&format=xml`)).status).toBe(501);
    const page = await (await fetch(`${app.url}/kk/p/${demoPetition}`)).text();
    expect(page).toContain('type="application/json+oembed"');
    expect(page).toContain('property="og:title"');
    expect(page).toContain(`property="og:image" content="${app.url}/og/${demoPetition}.png?lang=kk"`);
  });

  it("draws a 1200×630 PNG share image per language with the current count", async () => {
    for (const lang of ["kk", "ru"]) {
      const response = await fetch(`${app.url}/og/${demoPetition}.png?lang=${lang}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      const bytes = Buffer.from(await response.arrayBuffer());
      expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1200, 630]);
    }
    expect((await fetch(`${app.url}/og/no-such.png`)).status).toBe(404);
  });
});

describe(`API edge cases (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("answers CORS preflights for conditional requests from other sites", async () => {
    const response = await fetch(api(), {
      method: "OPTIONS",
      headers: {
        Origin: "https://news.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/If-None-Match/i);
  });

  it("rejects malformed oEmbed links and clamps sizes", async () => {
    const oembed = (url: string, extra = "") => fetch(`${app.url}/api/oembed?url=${encodeURIComponent(url)}${extra}`);
    expect((await oembed(`${app.url}/kk/p/%ZZ`)).status).toBe(404);
    expect((await oembed(`${app.url}/kk/p/${demoPetition}/cite`)).status).toBe(404);
    const body = (await (await oembed(`${app.url}/kk/p/${demoPetition}?x=1`, "&maxwidth=-5&maxheight=0.5")).json()) as {
      width: number;
      height: number;
    };
    expect(body).toMatchObject({ width: 400, height: 260 });
    expect(
      ((await (await oembed(`${app.url}/kk/p/${demoPetition}`, "&maxwidth=9999")).json()) as { width: number }).width,
    ).toBe(600);
  });

  it("dates the ledger head by its last entry, to the minute, and answers 304", async () => {
    const response = await fetch(api("/ledger/head"));
    const head = (await response.json()) as { time: string | null; seq: number };
    expect(head.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    expect(
      (await fetch(api("/ledger/head"), { headers: { "If-None-Match": response.headers.get("etag")! } })).status,
    ).toBe(304);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe(`count reads from memory (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("serves the petition JSON and badge from memory until the counts change, then fresh at once", async () => {
    const first = (await (await fetch(api())).json()) as { confirmed: number };
    // Behind the app's back: a cached read does not see it...
    await app.db.query(`UPDATE "RegionCount" SET "confirmed" = "confirmed" + 100 WHERE "region" = 'KZ-43'`);
    expect(((await (await fetch(api())).json()) as { confirmed: number }).confirmed).toBe(first.confirmed);
    // ...but any real change through the app is visible immediately, and so is the manual one.
    await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email: "cache.buster@example.kz" }));
    await app.smtp.waitFor(() => app.smtp.mailsTo("cache.buster@").length === 1);
    await pressConfirm(confirmLink(app.smtp.mailsTo("cache.buster@")[0]));
    expect(((await (await fetch(api())).json()) as { confirmed: number }).confirmed).toBe(first.confirmed + 101);
    await app.db.query(`UPDATE "RegionCount" SET "confirmed" = "confirmed" - 100 WHERE "region" = 'KZ-43'`);
  });
});
