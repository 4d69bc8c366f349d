import { request as httpRequest } from "node:http";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { demoPetition, postForm, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";

const token = "metrics-token-for-tests-0123456789";
let app: TestApp;
beforeAll(async () => {
  // A long lifetime: only announced changes may refresh a page in these tests.
  app = await startTestApp({ env: { RATE_LIMITS: "off", METRICS_TOKEN: token, PAGE_CACHE: "10m" } });
});
afterAll(async () => app?.close());

const pageUrl = (lang = "kk") => `${app.url}/${lang}/p/${demoPetition}`;
async function pageAnswers() {
  const metrics = await (await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).text();
  const count = (result: string) =>
    Number(new RegExp(`dauys_page_cache_total\\{result="${result}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  const latin = (answer: string) =>
    Number(new RegExp(`dauys_latin_pages_total\\{answer="${answer}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  return {
    hit: count("hit"),
    render: count("render"),
    stale: count("stale"),
    transliterated: latin("transliterated"),
    keptLatin: latin("kept"),
  };
}
async function getPage(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const html = await response.text();
  const cspNonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  const htmlNonces = [...html.matchAll(/nonce="([^"]+)"/g)].map((match) => match[1]);
  const stamp = /name="started" value="([^"]+)"/.exec(html)?.[1];
  return { response, html, cspNonce, htmlNonces, stamp };
}
const confirmedOnPage = (html: string) =>
  Number(/data-testid="confirmed-total"[^>]*>([^<]+)</.exec(html)?.[1].replace(/\D/g, "") ?? NaN);

describe(`petition pages from memory (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("serves the kept page with each response's own CSP nonce and a fresh form stamp", async () => {
    const before = await pageAnswers();
    const first = await getPage(pageUrl());
    const second = await getPage(pageUrl());
    const after = await pageAnswers();
    expect(after.render - before.render).toBe(1);
    expect(after.hit - before.hit).toBe(1);
    for (const page of [first, second]) {
      expect(page.response.status).toBe(200);
      expect(page.cspNonce).toBeTruthy();
      expect(page.htmlNonces.length).toBeGreaterThan(0);
      for (const nonce of page.htmlNonces) expect(nonce).toBe(page.cspNonce);
    }
    expect(second.cspNonce).not.toBe(first.cspNonce);
    expect(second.stamp).toBeTruthy();
    expect(second.stamp).not.toBe(first.stamp);
    // Apart from nonce and stamp, the bytes are the page Remix rendered.
    const normal = (html: string, page: { cspNonce?: string; stamp?: string }) =>
      html.split(page.cspNonce!).join("N").split(page.stamp!).join("S");
    expect(normal(second.html, second)).toBe(normal(first.html, first));
  });

  it("sends a kept page gzipped as one valid member, or plain to a client that asks for no encoding", async () => {
    // Raw HTTP: fetch would decompress (and check) on its own; here the bytes on the wire are read.
    const raw = (headers: Record<string, string>) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        httpRequest(pageUrl("ru"), { headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        })
          .on("error", reject)
          .end();
      });
    // Rendered (and kept): the document leaves in one piece, so it compresses as well as the whole
    // page gzipped at once (sent in React's 2 KB chunks, each flushed, it was 70 % larger).
    const rendered = await raw({ "Accept-Encoding": "gzip" });
    expect(rendered.headers["content-encoding"]).toBe("gzip");
    expect(rendered.body.length).toBeLessThanOrEqual(gzipSync(gunzipSync(rendered.body)).length * 1.02);
    const before = await pageAnswers();
    const zipped = await raw({ "Accept-Encoding": "gzip, deflate, br" });
    const plain = await raw({});
    expect((await pageAnswers()).hit - before.hit).toBe(2);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers["vary"]).toMatch(/Accept-Encoding/i);
    expect(Number(zipped.headers["content-length"])).toBe(zipped.body.length);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const html = gunzipSync(zipped.body).toString("utf8"); // throws on a wrong CRC or length
    const nonceOf = (headers: Record<string, string | string[] | undefined>) =>
      /'nonce-([^']+)'/.exec(String(headers["content-security-policy"]))![1]!;
    const zippedNonce = nonceOf(zipped.headers);
    expect(html).toContain(`nonce="${zippedNonce}"`);
    expect(html).toMatch(/<\/html>$/);
    const text = plain.body.toString("utf8");
    expect(text).toContain(`nonce="${nonceOf(plain.headers)}"`);
    expect(nonceOf(plain.headers)).not.toBe(zippedNonce);
    // The same page apart from nonce and stamp, and the compressed one is a fraction of it.
    const stampOf = (page: string) => /name="started" value="([^"]+)"/.exec(page)![1]!;
    const normal = (page: string, nonce: string) => page.split(nonce).join("N").split(stampOf(page)).join("S");
    expect(normal(html, zippedNonce)).toBe(normal(text, nonceOf(plain.headers)));
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
  });

  it("keeps a Latin page transliterated: a hit is not transliterated again, and still gets its own nonce and stamp", async () => {
    const before = await pageAnswers();
    const first = await getPage(pageUrl("kk-latn"));
    const second = await getPage(pageUrl("kk-latn"));
    const after = await pageAnswers();
    expect(after.render - before.render).toBe(1);
    expect(after.hit - before.hit).toBe(1);
    expect(after.transliterated - before.transliterated).toBe(1);
    expect(after.keptLatin - before.keptLatin).toBe(1);
    for (const page of [first, second]) {
      expect(page.response.headers.get("content-language")).toBe("kk-Latn");
      expect(page.html).toMatch(/<html lang="kk-Latn"/);
      expect(visibleText(page.html)).toContain("Adal sailau üşın");
      expect(page.htmlNonces.length).toBeGreaterThan(0);
      for (const nonce of page.htmlNonces) expect(nonce).toBe(page.cspNonce);
    }
    expect(second.cspNonce).not.toBe(first.cspNonce);
    expect(second.stamp).toBeTruthy();
    expect(second.stamp).not.toBe(first.stamp);
    const normal = (html: string, page: { cspNonce?: string; stamp?: string }) =>
      html.split(page.cspNonce!).join("N").split(page.stamp!).join("S");
    expect(normal(second.html, second)).toBe(normal(first.html, first));
    // The Cyrillic page is kept apart.
    expect(await (await fetch(pageUrl())).text()).toMatch(/<html lang="kk"/);
  });

  it("accepts the stamp of a kept page as genuine (the signature is not flagged as tampered)", async () => {
    await getPage(pageUrl());
    const { stamp } = await getPage(pageUrl());
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await postForm(pageUrl(), signer({ email: "stamp@example.kz", started: stamp! }))).status).toBe(303);
    const [row] = await app.db.query<{ flag: string | null }>(
      `SELECT "flag" FROM "Signature" WHERE "email" = 'stamp@example.kz'`,
    );
    expect(row.flag).toBeNull();
  });

  it("shows a confirmed signature on the very next page view after the change is announced", async () => {
    const shown = confirmedOnPage((await getPage(pageUrl("ru"))).html);
    expect(shown).toBeGreaterThanOrEqual(0);
    await postForm(pageUrl("ru"), signer({ email: "cache.count@example.kz" }));
    await app.smtp.waitFor(() => app.smtp.mailsTo("cache.count@example.kz").length === 1);
    // The new pending signature is a published figure too: the next view is rendered afresh, the
    // one after it comes from memory, and the confirmed count has not moved.
    expect(confirmedOnPage((await getPage(pageUrl("ru"))).html)).toBe(shown);
    const before = await pageAnswers();
    expect(confirmedOnPage((await getPage(pageUrl("ru"))).html)).toBe(shown);
    expect((await pageAnswers()).hit - before.hit).toBe(1);
    expect((await pressConfirm(confirmLink(app.smtp.mailsTo("cache.count@example.kz")[0]))).status).toBe(200);
    expect(confirmedOnPage((await getPage(pageUrl("ru"))).html)).toBe(shown + 1);
  });

  it("sets the language cookie per visitor and never keeps pages with a query string", async () => {
    await getPage(pageUrl("ru"));
    const hitsBefore = (await pageAnswers()).hit;
    const newcomer = await getPage(pageUrl("ru"));
    expect(newcomer.response.headers.get("set-cookie")).toMatch(/^lang=/);
    const regular = await getPage(pageUrl("ru"), {
      Cookie: newcomer.response.headers.get("set-cookie")!.split(";")[0],
    });
    expect(regular.response.headers.get("set-cookie")).toBeNull();
    // Both answers came from memory.
    expect((await pageAnswers()).hit - hitsBefore).toBe(2);
    const before = await pageAnswers();
    const paged = await getPage(`${pageUrl("ru")}?signers=1`);
    expect(paged.response.status).toBe(200);
    expect(await pageAnswers()).toEqual(before);
  });

  it("keeps only real pages: unknown petitions stay 404 and are rendered every time", async () => {
    const missing = `${app.url}/kk/p/no-such-petition`;
    const before = await pageAnswers();
    expect((await fetch(missing)).status).toBe(404);
    expect((await fetch(missing)).status).toBe(404);
    const after = await pageAnswers();
    expect(after.render - before.render).toBe(2);
    expect(visibleText(await (await fetch(missing)).text())).toContain("табылмады");
  });

  it("keeps only the petition's own address: other spellings of it are rendered every time", async () => {
    const spelled = `${app.url}/kk/p/${demoPetition.replace("f", "%66")}`;
    await getPage(pageUrl());
    const before = await pageAnswers();
    const first = await getPage(spelled);
    const second = await getPage(spelled);
    expect([first.response.status, second.response.status]).toEqual([200, 200]);
    const after = await pageAnswers();
    expect(after.render - before.render).toBe(2);
    expect(after.hit - before.hit).toBe(0);
  });
});
