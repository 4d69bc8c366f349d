// A reader whose address already holds every live stream it may (LIVE_STREAMS_PER_IP) still sees
// the count move: the refused stream (429) makes the page poll the JSON at once.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { desktop, digits, launchBrowser } from "./browser.ts";

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  [browser, app] = await Promise.all([
    launchBrowser(),
    startTestApp({ env: { RATE_LIMITS: "off", LIVE_STREAMS_PER_IP: "1" } }),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe(`live counts when the stream is refused (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("polls at once after a 429 and shows a new confirmation without reloading", async () => {
    // This machine's one allowed stream is taken (the browser connects from the same address).
    const held = new AbortController();
    const stream = await fetch(`${app.url}/api/v1/petitions/${demoPetition}/events`, { signal: held.signal });
    expect(stream.status).toBe(200);
    await stream.body!.getReader().read();

    const context = await browser.newContext(desktop);
    try {
      const page = await context.newPage();
      const path = (url: string) => new URL(url).pathname;
      const refused = page.waitForResponse((r) => path(r.url()).endsWith("/events") && r.status() === 429);
      const polled = page.waitForResponse(
        (r) => path(r.url()) === `/api/v1/petitions/${demoPetition}` && r.status() === 200,
      );
      await page.goto(`${app.url}/kk/p/${demoPetition}`);
      await refused;
      // Without the fix the page waited for three stream errors that a refused EventSource never sends.
      await polled;
      const total = page.getByTestId("confirmed-total");
      const before = digits(await total.innerText());

      const email = "poller@example.kz";
      expect((await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email }))).status).toBe(303);
      await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
      expect((await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]))).status).toBe(200);

      // The next poll (every 10 s) brings it.
      await expect.poll(async () => digits(await total.innerText()), { timeout: 15_000 }).toBe(before + 1);
    } finally {
      await context.close();
      held.abort();
    }
  });
});
