// The petition page is served without the React runtime (decision 016): plain HTML, the
// stylesheet and public/page.js. Other pages keep hydrating.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
});
afterAll(async () => app?.close());

describe(`petition page weight (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("sends the petition page without module scripts or loader data, with one small script under the page's nonce", async () => {
    for (const lang of ["kk", "ru"]) {
      const response = await fetch(`${app.url}/${lang}/p/${demoPetition}`);
      expect(response.status).toBe(200);
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1];
      const html = await response.text();
      expect(html).not.toContain('type="module"');
      expect(html).not.toContain("modulepreload");
      expect(html).not.toContain("__remixContext");
      expect(html).toContain(`<script src="/page.js" defer="" nonce="${nonce}"></script>`);
      // The count carries its text for every plural form; the form carries its messages.
      expect(html).toMatch(/data-testid="confirmed-total" data-one="[^"]*#[^"]*" data-few="[^"]*#/);
      expect(html).toMatch(/data-messages="\{[^"]*emailInvalid/);
      // Page + stylesheet + script, gzipped, far under the 100 KB target.
      const css = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1];
      const assets = await Promise.all(
        [css, "/page.js"].map(async (path) => Buffer.from(await (await fetch(app.url + path)).arrayBuffer())),
      );
      const total = [Buffer.from(html), ...assets].reduce((sum, bytes) => sum + gzipSync(bytes).length, 0);
      expect(total).toBeLessThan(60_000);
    }
    const script = await fetch(`${app.url}/page.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
  });

  it("keeps hydrating the other pages", async () => {
    const html = await (await fetch(`${app.url}/kk`)).text();
    expect(html).toContain("__remixContext");
    expect(html).not.toContain('src="/page.js"');
  });

  it("renders a refused submission's errors on the server, for the page without React", async () => {
    const response = await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email: "not-an-address" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('id="email-error"');
    expect(html).toContain('role="alert"');
    expect(html).toContain('src="/page.js"');
  });
});
