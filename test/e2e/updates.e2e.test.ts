// An organizer writes an update and sends it from a phone with JavaScript off; the pages render
// without console errors (the mail preview carries no inline styles, which CSP would refuse).
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { ensureDir, launchBrowser, phone, watchedPage } from "./browser.ts";

const screenshotDir = join("test-results", "screenshots");
let app: TestApp;
let browser: Browser;
let cookie = { name: "", value: "" };
let petitionId = "";

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  browser = await launchBrowser();
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: "ashyq-khattama", role: "organizer" });
  expect((await postForm(`${app.url}/kk/signin`, { email: "organizer@example.kz" })).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo("organizer@").length === 1);
  const code = /(\d{6})/.exec(app.smtp.mailsTo("organizer@")[0].subject)![1];
  const [pair] = (await postForm(`${app.url}/kk/signin/code`, { email: "organizer@example.kz", code })).headers
    .get("set-cookie")!
    .split(";");
  const split = pair.indexOf("=");
  cookie = { name: pair.slice(0, split), value: pair.slice(split + 1) };
  petitionId = (
    await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [demoPetition])
  )[0].id;
  for (const [email, lang] of [
    ["e2e-kk@example.kz", "kk"],
    ["e2e-ru@example.kz", "ru"],
  ] as const) {
    await postForm(`${app.url}/${lang}/p/${demoPetition}`, signer({ email, updates: "on" }));
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
    await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]));
  }
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe(`updates to signers in a browser (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("composes, previews and sends without JavaScript on a phone; the mails arrive in each signer's language", async () => {
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    await context.addCookies([{ ...cookie, url: app.url }]);
    const page = await context.newPage();
    await page.goto(`${app.url}/kk/workspace`);
    await page.locator(`[data-publication="${demoPetition}"]`).getByRole("link", { name: "Жаңалықтар" }).click();
    // Both languages' fields sit under their own legend (Қазақша, Орысша), labelled in the page language.
    const kk = page.getByRole("group", { name: "Қазақша" });
    const ru = page.getByRole("group", { name: "Орысша" });
    await kk.getByLabel("Хаттың тақырыбы").fill("Жауап келді");
    await kk.getByLabel("Мәтіні (Markdown)").fill("Министрлік **жауап берді**.");
    await ru.getByLabel("Хаттың тақырыбы").fill("Пришёл ответ");
    await ru.getByLabel("Мәтіні (Markdown)").fill("Министерство **ответило**.");
    await page.getByRole("button", { name: "Жобаны сақтау" }).click();
    await expect.poll(() => page.locator("[data-preview=ru] strong").textContent()).toBe("ответило");
    await page.getByRole("link", { name: "Жіберу…" }).click();
    await page.getByRole("button", { name: "Иә, жіберу" }).click();
    await app.smtp.waitFor(
      () =>
        app.smtp.messages.filter((mail) => mail.subject === "Жауап келді" || mail.subject === "Пришёл ответ").length ===
        2,
    );
    expect(app.smtp.mailsTo("e2e-kk@").at(-1)!.subject).toBe("Жауап келді");
    expect(app.smtp.mailsTo("e2e-ru@").at(-1)!.subject).toBe("Пришёл ответ");
    await context.close();
  });

  it("renders the workspace pages and the unsubscribe page on a phone without console errors; screenshots are saved", async () => {
    const context = await browser.newContext(phone);
    await context.addCookies([{ ...cookie, url: app.url }]);
    const { page, problems } = await watchedPage(context);
    const [update] = await app.db.query<{ id: string }>(`SELECT "id" FROM "SignerUpdate"`);
    const unsubscribe = new URL(
      app.smtp
        .mailsTo("e2e-ru@")
        .at(-1)!
        .text.split("\n")
        .find((line) => line.includes("/unsubscribe/"))!
        .trim(),
    );
    const shots = [
      { name: "updates-list-kk", path: `/kk/workspace/publications/${petitionId}/updates` },
      { name: "update-sent-ru", path: `/ru/workspace/publications/${petitionId}/updates/${update.id}` },
      { name: "export-kk", path: `/kk/workspace/publications/${petitionId}/export` },
      { name: "unsubscribe-ru", path: unsubscribe.pathname },
    ];
    for (const shot of shots) {
      const response = await page.goto(app.url + shot.path);
      expect(response?.ok(), shot.path).toBe(true);
      await page.waitForFunction(
        () => Object.keys(document.body).some((key) => key.startsWith("__reactFiber")),
        undefined,
        { timeout: 10_000 },
      );
      await page.waitForTimeout(150);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
        shot.path,
      ).toBeLessThanOrEqual(0);
      const file = join(screenshotDir, `${shot.name}.png`);
      ensureDir(file);
      await page.screenshot({ path: file, fullPage: true });
    }
    expect(new URL(page.url()).pathname).toBe(`/ru/unsubscribe/${unsubscribe.pathname.split("/").at(-1)}`);
    await page.getByRole("button", { name: "Да, отписаться" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Вы отписались от новостей");
    expect(problems).toEqual([]);
    await context.close();
  });
});
