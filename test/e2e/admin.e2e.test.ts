// The administration screens in a real browser, on a phone: an admin signs in by mailed code,
// creates an organization (its short name picked from a list) and adds an auditor — with
// JavaScript and without.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";
import { ensureDir, launchBrowser, phone, watchedPage } from "./browser.ts";

const screenshotDir = join("test-results", "screenshots");
let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startTestApp({ env: { RATE_LIMITS: "off" } })]);
  await app.module.createAdmin("admin@example.kz");
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.close();
});

async function signedInPage(javaScriptEnabled: boolean) {
  const context = await browser.newContext({ ...phone, javaScriptEnabled });
  contexts.push(context);
  const watched = await watchedPage(context);
  const { page } = watched;
  const before = app.smtp.mailsTo("admin@example.kz").length;
  await page.goto(`${app.url}/kk/signin`);
  await page.locator('input[name="email"]').fill("admin@example.kz");
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/kk\/signin\/code/);
  await app.smtp.waitFor(() => app.smtp.mailsTo("admin@example.kz").length > before, 10_000);
  const code = /(\d{6})/.exec(app.smtp.mailsTo("admin@example.kz").at(-1)!.subject)![1]!;
  await page.locator('input[name="code"]').fill(code);
  await page.locator('form button[type="submit"]').last().click();
  await page.waitForURL(/\/kk\/workspace$/);
  return watched;
}

async function createOrganization(page: Page, slug: string, shot: string, javaScript: boolean) {
  await page.getByRole("link", { name: "Әкімшілік" }).click();
  await page.waitForURL(/\/kk\/workspace\/admin$/);
  await page.getByRole("link", { name: "Жаңа ұйым" }).click();
  await page.waitForURL(/\/admin\/organizations\/new$/);
  // The short name is picked from a list built from the names and the website (issue 16).
  await page.getByLabel("Атауы қазақша").fill("Сайлау бақылаушылары");
  await page.getByLabel("Атауы орысша").fill("Наблюдатели за выборами");
  await page.getByLabel("Сайты", { exact: true }).fill(`https://${slug}.kz`);
  const slugList = page.getByLabel("Қысқа атауы (сілтемеде)");
  ensureDir(join(screenshotDir, "x"));
  if (javaScript) {
    // The list follows the names as they are typed.
    await expect.poll(() => slugList.locator(`option[value="${slug}"]`).count()).toBe(1);
  } else {
    // Without JavaScript the list fills on the server's answer; submitting before choosing is refused.
    await page.getByRole("button", { name: "Ұйым құру" }).click();
    const slugError = page.locator("#field-slug-error");
    await expect.poll(() => slugError.textContent()).toBe("Қысқа атауын жазыңыз (кемінде 2 таңба).");
    expect(await page.locator("#field-slug").getAttribute("aria-invalid")).toBe("true");
    // What was typed stays in the form.
    expect(await page.getByLabel("Атауы орысша").inputValue()).toBe("Наблюдатели за выборами");
  }
  expect(await slugList.locator("option").allTextContents()).toEqual(
    expect.arrayContaining(["nablyudateli-za-vyborami", "sailau-baqylaushylary", slug]),
  );
  await page.screenshot({ path: join(screenshotDir, `admin-${shot}-slug-list.png`), fullPage: true });
  await slugList.selectOption(slug);
  await page.getByRole("button", { name: "Ұйым құру" }).click();
  await page.waitForURL(/\/admin\/organizations\/[^/]+\?done=organizationCreated$/);
  expect(await page.getByRole("status").textContent()).toContain("Ұйым құрылды.");

  await page.getByLabel("Email", { exact: true }).fill("observer@example.kz");
  await page.getByLabel("аудитор", { exact: true }).check();
  await page.getByRole("button", { name: "Мүше қосу" }).click();
  await page.waitForURL(/\?done=memberAdded$/);
  expect(await page.locator('[data-member="observer@example.kz"]').textContent()).toContain("(аудитор)");
  await page.screenshot({ path: join(screenshotDir, `admin-${shot}-members.png`), fullPage: true });
  expect(await page.locator("#member-email").inputValue()).toBe("");
  await page.getByRole("link", { name: "Әкімшілік" }).click();
  await page.waitForURL(/\/kk\/workspace\/admin$/);
  expect(await page.locator('[data-user="observer@example.kz"]').textContent()).toContain(`${slug}: аудитор`);
  await page.screenshot({ path: join(screenshotDir, `admin-${shot}-index.png`), fullPage: true });
}

describe("administration in a browser", () => {
  it("creates an organization and adds an auditor on a phone, with JavaScript, without console errors", async () => {
    const { page, problems } = await signedInPage(true);
    await createOrganization(page, "election-watch", "js", true);
    // The refused form's 400 is logged by the browser as a failed load; nothing else may be.
    expect(problems.filter((line) => !/status of 400 \(Bad Request\)/.test(line))).toEqual([]);
  });

  it("does the same without JavaScript (plain forms, POST then redirect)", async () => {
    const { page } = await signedInPage(false);
    await createOrganization(page, "election-watch-nojs", "nojs", false);
    const rows = await app.db.query<{ slug: string }>(
      `SELECT "slug" FROM "Organization" WHERE "slug" LIKE 'election-watch%' ORDER BY "slug"`,
    );
    expect(rows.map((row) => row.slug)).toEqual(["election-watch", "election-watch-nojs"]);
  });
});
