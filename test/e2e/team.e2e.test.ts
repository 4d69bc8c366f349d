// The team without JavaScript on a phone (issue 16): an admin adds a member, who signs in from the
// invitation mail; a status change and a deactivation each go through their confirmation page.
// Screens are saved at 390 px in Kazakh and Russian (test-results/screenshots/team-*.png).
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
  await app.module.createAdmin("admin@example.kz", "Әсел Админ");
  ensureDir(join(screenshotDir, "x"));
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.close();
});

async function plainPage() {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  contexts.push(context);
  return (await watchedPage(context)).page;
}

async function signInByCode(page: Page, email: string) {
  const before = app.smtp.mailsTo(email).length;
  await page.goto(`${app.url}/kk/signin`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/kk\/signin\/code/);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length > before, 10_000);
  const code = /(\d{6})/.exec(app.smtp.mailsTo(email).at(-1)!.subject)![1]!;
  await page.locator('input[name="code"]').fill(code);
  await page.locator('form button[type="submit"]').last().click();
  await page.waitForURL(/\/kk\/workspace$/);
}

const statusOf = async (slug: string) =>
  (await app.db.query<{ status: string }>(`SELECT "status" FROM "Publication" WHERE "slug" = $1`, [slug]))[0].status;
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshotDir, `team-${name}.png`), fullPage: true });

describe("the team without JavaScript", () => {
  it("invites a member by mail, who signs in from the link and closes a petition only after confirming", async () => {
    const admin = await plainPage();
    await signInByCode(admin, "admin@example.kz");
    const [{ id: orgId }] = await app.db.query<{ id: string }>(
      `SELECT "id" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`,
    );
    await admin.goto(`${app.url}/kk/workspace/admin/organizations/${orgId}`);
    await admin.getByLabel("Email", { exact: true }).fill("dana@example.kz");
    await admin.getByLabel("Аты (міндетті емес)").fill("Дана Ержанова");
    await admin.getByLabel("ұйымдастырушы", { exact: true }).check();
    await admin.getByLabel("Хаттардың тілі (жаңа есептік жазба үшін)").selectOption("ru");
    await admin.getByRole("button", { name: "Мүше қосу" }).click();
    await admin.waitForURL(/\?done=memberAdded$/);
    expect(await admin.getByRole("status").textContent()).toContain("шақыру жіберілді");
    await shot(admin, "kk-organization");

    // The invitation, in Russian, with a link that signs in.
    await app.smtp.waitFor(() => app.smtp.mailsTo("dana@example.kz").length === 1, 10_000);
    const mail = app.smtp.mailsTo("dana@example.kz")[0]!;
    expect(mail.subject).toContain("Приглашение в рабочее пространство «Дауыс»");
    const link = /(http:\/\/\S+\/ru\/signin\/link\/\S+)/.exec(mail.text)![1]!;
    const member = await plainPage();
    await member.goto(link);
    await member.getByRole("button", { name: "Войти" }).click();
    await member.waitForURL(/\/ru\/workspace$/);

    // The dashboard: words per kind, and no button that changes a status at once.
    const report = member.locator('[data-publication="observation-report-2021"]');
    expect(await report.innerText()).toContain("Отчёт · Опубликовано");
    expect(await report.innerText()).not.toMatch(/сбор|Завершить/);
    expect(await member.locator('button:has-text("Завершить")').count()).toBe(0);
    await shot(member, "ru-dashboard");

    const petition = member.locator('[data-publication="fair-elections-petition"]');
    await petition.getByRole("link", { name: "Завершить сбор подписей…" }).click();
    await member.waitForURL(/\/status\?transition=close$/);
    expect(await member.locator("h1").innerText()).toBe("Завершить сбор?");
    await shot(member, "ru-confirm-close");
    // Cancel changes nothing.
    await member.getByRole("link", { name: "Отмена" }).click();
    await member.waitForURL(/\/ru\/workspace$/);
    expect(await statusOf("fair-elections-petition")).toBe("open");
    await petition.getByRole("link", { name: "Завершить сбор подписей…" }).click();
    await member.getByRole("button", { name: "Завершить сбор подписей" }).click();
    await member.waitForURL(/\/ru\/workspace$/);
    expect(await statusOf("fair-elections-petition")).toBe("closed");
    expect(await petition.innerText()).toContain("Сбор подписей завершён");

    // The same in Kazakh: the confirmation for reopening, and the dashboard.
    await member.goto(`${app.url}/kk/workspace`);
    await shot(member, "kk-dashboard");
    await member
      .locator('[data-publication="fair-elections-petition"]')
      .getByRole("link", { name: "Қол жинауды қайта бастау…" })
      .click();
    expect(await member.locator("h1").innerText()).toBe("Жинауды қайта бастайсыз ба?");
    await shot(member, "kk-confirm-reopen");
    await member.getByRole("button", { name: "Қол жинауды қайта бастау" }).click();
    await member.waitForURL(/\/kk\/workspace$/);
    expect(await statusOf("fair-elections-petition")).toBe("open");
    await member.goto(
      `${app.url}/ru/workspace/publications/${await idOf("observation-report-2021")}/status?transition=archive`,
    );
    await shot(member, "ru-confirm-archive-report");

    // The audit log names people, never their addresses.
    await member.goto(`${app.url}/ru/workspace/audit`);
    const audit = await member.locator("main").innerText();
    expect(audit).toContain("Дана Ержанова (организатор)");
    expect(audit).not.toContain("@");
    await shot(member, "ru-audit");
    await admin.goto(`${app.url}/kk/workspace/audit`);
    expect(await admin.locator("main").innerText()).toContain("Әсел Админ (әкімші)");
    await shot(admin, "kk-audit");

    // The admin deactivates the member after confirming; the member's session ends.
    await admin.goto(`${app.url}/kk/workspace/admin`);
    await admin.locator('[data-user="dana@example.kz"]').getByRole("link", { name: "Есептік жазбаны өшіру…" }).click();
    expect(await admin.locator("h1").innerText()).toBe("Есептік жазбаны өшіресіз бе?");
    await shot(admin, "kk-confirm-deactivate");
    await admin.getByRole("button", { name: "Өшіру", exact: true }).click();
    await admin.waitForURL(/\/kk\/workspace\/admin\?done=userDeactivated$/);
    expect(await admin.locator('[data-user="dana@example.kz"]').innerText()).toContain("өшірілген");
    await shot(admin, "kk-users");
    await member.goto(`${app.url}/ru/workspace`);
    await member.waitForURL(/\/ru\/signin/);
  });

  it("shows the Russian admin screens: the short-name list and the organization's deactivation step", async () => {
    const admin = await plainPage();
    await signInByCode(admin, "admin@example.kz");
    await admin.goto(`${app.url}/ru/workspace/admin/organizations/new`);
    await admin.getByLabel("Название на казахском").fill("Азаматтық бастама");
    await admin.getByLabel("Название на русском").fill("Гражданская инициатива");
    await admin.getByRole("button", { name: "Предложить короткие имена" }).click();
    // Without JavaScript the button posts the form and the answer is a new page: wait for its list.
    const list = admin.getByLabel("Короткое имя (в ссылке)").locator("option");
    await list.first().waitFor({ state: "attached" });
    const options = await list.allTextContents();
    expect(options).toEqual(expect.arrayContaining(["grazhdanskaya-initsiativa", "azamattyq-bastama"]));
    await shot(admin, "ru-new-organization");
    const [{ id: orgId }] = await app.db.query<{ id: string }>(
      `SELECT "id" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`,
    );
    await admin.goto(`${app.url}/ru/workspace/admin/organizations/${orgId}`);
    await admin.getByRole("link", { name: "Отключить организацию…" }).click();
    expect(await admin.locator("h1").innerText()).toBe("Отключить организацию?");
    await shot(admin, "ru-confirm-deactivate-organization");
    await admin.getByRole("button", { name: "Отключить организацию" }).click();
    await admin.waitForURL(/\?done=organizationDeactivated$/);
    const [{ deactivated }] = await app.db.query<{ deactivated: number | string }>(
      `SELECT COUNT(*) AS "deactivated" FROM "Organization" WHERE "id" = $1 AND "deactivatedAt" IS NOT NULL`,
      [orgId],
    );
    expect(Number(deactivated)).toBe(1);
    await shot(admin, "ru-organization-deactivated");
  });
});

async function idOf(slug: string) {
  return (await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [slug]))[0].id;
}
