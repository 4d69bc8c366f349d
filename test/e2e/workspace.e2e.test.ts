// An organizer's whole round in a real browser, once in each language: sign in with the mailed
// code, write a petition in both languages with the live preview, publish it, sign it as a citizen
// (confirming from the mail), close it, archive it — and the public page keeps the final count.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signer, startTestApp, type TestApp } from "../support/app.ts";
import { confirmLink } from "../support/smtp-sink.ts";
import { digits, ensureDir, launchBrowser, phone, watchedPage } from "./browser.ts";

const screenshotDir = join("test-results", "screenshots");

const ui = {
  kk: {
    sendCode: "Код жіберу",
    enter: "Кіру",
    newPublication: "Жаңа жарияланым",
    createDraft: "Жоба ретінде сақтау",
    open: "Қол жинауды ашу",
    close: "Қол жинауды аяқтау",
    archive: "Мұрағатқа жіберу",
    sign: "Қол қою",
    checkEmail: "Поштаңызды тексеріңіз",
    closed: "Бұл петицияға қол жинау аяқталды.",
  },
  ru: {
    sendCode: "Прислать код",
    enter: "Войти",
    newPublication: "Новая публикация",
    createDraft: "Сохранить черновик",
    open: "Открыть сбор подписей",
    close: "Завершить сбор подписей",
    archive: "Перенести в архив",
    sign: "Подписать",
    checkEmail: "Проверьте почту",
    closed: "Сбор подписей под этой петицией завершён",
  },
} as const;

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startTestApp({ env: { RATE_LIMITS: "off" } })]);
  await app.module.addMember({
    email: "flow-organizer@example.kz",
    organizationSlug: "ashyq-khattama",
    role: "organizer",
  });
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.close();
});

const statusOf = async (slug: string) =>
  (await app.db.query<{ status: string }>(`SELECT "status" FROM "Publication" WHERE "slug" = $1`, [slug]))[0]?.status;

async function signInInBrowser(page: Page, lang: "kk" | "ru") {
  const email = "flow-organizer@example.kz";
  const before = app.smtp.mailsTo(email).length;
  await page.goto(`${app.url}/${lang}/workspace`);
  await page.getByLabel(lang === "kk" ? "Электрондық пошта" : "Электронная почта").fill(email);
  await page.getByRole("button", { name: ui[lang].sendCode }).click();
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length > before);
  const code = /(\d{6})/.exec(app.smtp.mailsTo(email).at(-1)!.subject)![1];
  await page.getByLabel(lang === "kk" ? "Код" : "Код", { exact: true }).fill(code);
  await page.getByRole("button", { name: ui[lang].enter }).click();
  await page.waitForURL(new RegExp(`/${lang}/workspace$`));
}

/** A status change: the link to its confirmation page, then the confirming button (issue 16). */
async function changeStatus(page: Page, action: string) {
  await page.getByRole("link", { name: `${action}…`, exact: true }).click();
  await page.waitForURL(/\/status\?transition=/);
  await page.getByRole("button", { name: action, exact: true }).click();
}

describe(`the organizer's round in Chromium (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  for (const lang of ["kk", "ru"] as const) {
    it(`edits, publishes, collects a signature, closes and archives a petition (${lang})`, async () => {
      const context = await browser.newContext(phone);
      contexts.push(context);
      const { page, problems } = await watchedPage(context);
      const slug = `flow-${lang}-petition`;
      await signInInBrowser(page, lang);

      // Click only once the page's scripts are in (a click during hydration can be lost).
      await page.waitForLoadState("networkidle");
      await page.getByRole("link", { name: ui[lang].newPublication }).first().click();
      await page.waitForURL(/\/workspace\/publications\/new/);
      await page.locator("#editor-slug").fill(slug);
      await page.locator("#editor-titleKk").fill("Учаскелердегі хаттамалар жариялансын");
      await page.locator("#editor-summaryKk").fill("Әр учаскенің хаттамасы бір тәулік ішінде жариялансын.");
      await page.locator("#editor-bodyKk").fill("Біз **барлық** хаттамаларды жариялауды талап етеміз.");
      await page.locator("#editor-titleRu").fill("Опубликовать протоколы участков");
      await page.locator("#editor-summaryRu").fill("Протокол каждого участка — в течение суток.");
      await page.locator("#editor-bodyRu").fill("Мы требуем опубликовать **все** протоколы.");
      // The preview follows the typing (rendered by the server's Markdown renderer).
      await expect
        .poll(() => page.locator('section[aria-live="polite"] strong').allInnerTexts(), { timeout: 10_000 })
        .toEqual(["барлық", "все"]);
      ensureDir(join(screenshotDir, "x"));
      await page.screenshot({ path: join(screenshotDir, `editor-${lang}-phone.png`), fullPage: true });
      await page.getByRole("button", { name: ui[lang].createDraft }).click();
      await page.waitForURL(/\/workspace\/publications\/[^/]+\?saved=1$/);
      const overview = page.url().split("?")[0]!;

      await page.waitForLoadState("networkidle");
      await changeStatus(page, ui[lang].open);
      await expect.poll(() => statusOf(slug)).toBe("open");
      await page.goto(`${app.url}/${lang}/p/${slug}`);
      expect(await page.locator("h1").first().innerText()).toBe(
        lang === "kk" ? "Учаскелердегі хаттамалар жариялансын" : "Опубликовать протоколы участков",
      );

      // A citizen signs and confirms from the mail.
      const email = `citizen-${lang}@example.kz`;
      const person = signer({ email });
      await page.locator("#sign-name").fill(person.name!);
      await page.locator("#sign-email").fill(email);
      await page.locator("#sign-region").selectOption("KZ-75");
      await page.locator("#sign-consent").check();
      await page.waitForTimeout(2_100); // people take longer than the abuse rule's minimum fill time
      await page.getByRole("button", { name: ui[lang].sign, exact: true }).click();
      await page.locator("h1", { hasText: ui[lang].checkEmail }).waitFor();
      await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
      await page.goto(confirmLink(app.smtp.mailsTo(email)[0]!));
      await page.getByTestId("confirm-button").click();
      await page.waitForURL(/\/confirm\//);
      await page.locator('[data-outcome="confirmed"]').waitFor();
      await page.goto(`${app.url}/${lang}/p/${slug}`);
      expect(digits(await page.getByTestId("confirmed-total").innerText())).toBe(1);

      // Close: signing stops. Archive: the page stays, with its final count.
      await page.goto(overview);
      await page.waitForLoadState("networkidle");
      await changeStatus(page, ui[lang].close);
      await expect.poll(() => statusOf(slug)).toBe("closed");
      await page.goto(`${app.url}/${lang}/p/${slug}`);
      expect(await page.getByText(ui[lang].closed).isVisible()).toBe(true);
      expect(await page.locator("#sign-name").count()).toBe(0);
      await page.goto(overview);
      await page.waitForLoadState("networkidle");
      await changeStatus(page, ui[lang].archive);
      await expect.poll(() => statusOf(slug)).toBe("archived");
      await page.goto(`${app.url}/${lang}/p/${slug}`);
      expect(digits(await page.getByTestId("confirmed-total").innerText())).toBe(1);
      await page.screenshot({ path: join(screenshotDir, `archived-${lang}-phone.png`), fullPage: false });

      const statuses = await app.db.query<{ action: string }>(
        `SELECT "action" FROM "AuditLog" WHERE "target" = $1 ORDER BY "at"`,
        [slug],
      );
      expect(statuses.map((row) => row.action)).toEqual([
        "publication.create",
        "publication.open",
        "publication.close",
        "publication.archive",
      ]);
      expect(problems).toEqual([]);
    });
  }
});
