// Aigerim checks her receipt: the page says the server found her entries in the signed log, and
// her own browser then fetches the latest checkpoint and the proofs, recomputes the root with
// WebCrypto and says it matches; without JavaScript the server's word stays on the page.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { desktop, launchBrowser, watchedPage } from "./browser.ts";

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  [browser, app] = await Promise.all([
    launchBrowser(),
    startTestApp({ env: { RATE_LIMITS: "off", CHECKPOINT_INTERVAL: "0s", LOG_SEQUENCE_EVERY: "100ms" } }),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signAndConfirm(email: string) {
  expect((await postForm(`${app.url}/ru/p/${demoPetition}`, signer({ email }))).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  const mail = app.smtp.mailsTo(email)[0];
  expect((await pressConfirm(confirmLink(mail))).status).toBe(200);
  return /([A-Za-z0-9_-]{22})\./.exec(mail.text.split("\n").find((line) => /квитанция/i.test(line))!)![1];
}

/** Waits until the latest checkpoint holds every ledger entry. */
async function logCaughtUp() {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const [{ n }] = await app.db.query<{ n: number | string }>(`SELECT COALESCE(SUM("seq"), 0) AS n FROM "LedgerHead"`);
    const info = (await (await fetch(`${app.url}/api/v1/log`)).json()) as { checkpoint: { treeSize: number } | null };
    if (info.checkpoint?.treeSize === Number(n)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the log did not catch up");
}

describe(`receipt page proof (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("verifies the receipt's inclusion proof in the browser against the latest checkpoint", async () => {
    const receipt = await signAndConfirm("aigerim@example.kz");
    await logCaughtUp();
    const context = await browser.newContext(desktop);
    const { page, problems } = await watchedPage(context);
    await page.goto(`${app.url}/ru/receipt?petition=${demoPetition}&id=${receipt}`);
    const section = page.getByTestId("receipt-proof");
    await expect.poll(() => section.getAttribute("data-state"), { timeout: 15_000 }).toMatch(/^verified/);
    const said = await section.locator("[data-browser]").innerText();
    // Chromium has Ed25519 in WebCrypto: the checkpoint's signature is checked too.
    expect(await section.getAttribute("data-state")).toBe("verified-signed");
    expect(said).toMatch(
      /Ваш браузер сам проверил доказательства включения по последней контрольной точке \(записей в журнале: \d+\): всё сходится\. Подпись контрольной точки ключом сайта тоже верна\./,
    );
    expect(await page.getByTestId("receipt-proof-server").innerText()).toContain(
      "Сервер проверил доказательства включения",
    );
    expect(problems).toEqual([]);
    await context.close();

    // Without JavaScript: the server's result, and no claim that a browser checked anything.
    const plain = await browser.newContext({ ...desktop, javaScriptEnabled: false });
    const noJs = await plain.newPage();
    await noJs.goto(`${app.url}/kk/receipt?petition=${demoPetition}&id=${receipt}`);
    expect(await noJs.getByTestId("receipt-proof-server").innerText()).toContain("Сервер қосылу дәлелдерін тексерді");
    expect(await noJs.locator("[data-browser]").isVisible()).toBe(false);
    await plain.close();
  });
});
