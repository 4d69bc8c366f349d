// Issue 15 in a real browser (Debian's Chromium): share links and copy, the mail-typo suggestion
// with and without JavaScript, no layout shift when an error clears, the live "as of" time, and
// phone-width screenshots in both languages.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { digits, ensureDir, gotoHydratedPetition, launchBrowser, phone, watchedPage } from "./browser.ts";

const screenshotDir = join("test-results", "screenshots");
let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startTestApp({ env: { RATE_LIMITS: "off" } })]);
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.close();
});

// One test at a time holds pages open: earlier contexts are closed, so their live streams do not
// use up the streams one address may hold (LIVE_STREAMS_PER_IP) and push later pages to polling.
async function newContext(options: Parameters<Browser["newContext"]>[0]) {
  for (const open of contexts.splice(0)) await open.close().catch(() => {});
  const context = await browser.newContext(options);
  contexts.push(context);
  return context;
}
const petitionUrl = (lang: string) => `${app.url}/${lang}/p/${demoPetition}`;
const shot = async (page: Page, name: string) => {
  const file = join(screenshotDir, `share-${name}.png`);
  ensureDir(file);
  await page.screenshot({ path: file, fullPage: true });
};
async function signAndConfirm(email: string) {
  expect((await postForm(petitionUrl("kk"), signer({ email }))).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1, 10_000);
  expect((await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]))).status).toBe(200);
}
const apiCounts = async () =>
  (await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).json()) as {
    confirmed: number;
    updatedAt: string;
  };

const words = {
  kk: {
    share: "қол жиналды. Сіз де қосылыңыз",
    copied: "Сілтеме көшірілді",
    left: "Формада 3 қате бар. Түзетіп, қайта жіберіңіз.",
    typo: "Мүмкін",
  },
  ru: {
    share: "Присоединяйтесь",
    copied: "Ссылка скопирована",
    left: "В форме 3 ошибки. Исправьте их и отправьте снова.",
    typo: "Может быть",
  },
} as const;

describe("sharing and signing on a phone (Chromium)", () => {
  for (const lang of ["kk", "ru"] as const) {
    it(`[${lang}] share links carry the page's language and count; copy puts the short URL on the clipboard`, async () => {
      const context = await newContext({ ...phone, permissions: ["clipboard-read", "clipboard-write"] });
      const watched = await watchedPage(context);
      const { page } = watched;
      await gotoHydratedPetition(page, petitionUrl(lang));
      const count = (await apiCounts()).confirmed;
      const telegram = new URL((await page.locator('[data-share-to="telegram"]').getAttribute("href"))!);
      expect(telegram.searchParams.get("text")).toContain(words[lang].share);
      expect(telegram.searchParams.get("text")).toContain(String(count));
      expect(telegram.searchParams.get("url")).toBe(`${app.url}/${lang}/p/${demoPetition}`);
      const whatsapp = new URL((await page.locator('[data-share-to="whatsapp"]').getAttribute("href"))!);
      expect(whatsapp.searchParams.get("text")).toContain(`${app.url}/${lang}/p/${demoPetition}`);
      const copy = page.locator("[data-share-copy]");
      await expect.poll(() => copy.isVisible()).toBe(true);
      await copy.click();
      await expect.poll(() => page.locator("[data-share-status]").innerText()).toBe(words[lang].copied);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${app.url}/${lang}/p/${demoPetition}`);
      // The share block fits the phone: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(watched.problems, watched.problems.join("\n")).toEqual([]);
    });

    it(`[${lang}] a typo'd domain gets "did you mean" as it is typed; one tap fixes it`, async () => {
      const { page, problems } = await watchedPage(await newContext(phone));
      await gotoHydratedPetition(page, petitionUrl(lang));
      await page.locator("#sign-email").pressSequentially("aigul@gmial.com");
      const use = page.getByTestId("typo-use");
      await expect.poll(() => use.isVisible()).toBe(true);
      expect(await page.locator("#email-typo").innerText()).toContain(words[lang].typo);
      expect(await page.locator("#email-typo").innerText()).toContain("aigul@gmail.com");
      await shot(page, `typo-${lang}`);
      await use.click();
      expect(await page.locator("#sign-email").inputValue()).toBe("aigul@gmail.com");
      await expect.poll(() => page.locator("#email-typo").innerText()).toBe("");
      expect(problems, problems.join("\n")).toEqual([]);
    });

    it(`[${lang}] after a refused submit, fixing fields moves nothing under the finger, and the summary counts down with a link to each field`, async () => {
      const { page, problems } = await watchedPage(await newContext(phone));
      await gotoHydratedPetition(page, petitionUrl(lang));
      await page.locator('#sign button[type="submit"]').click();
      const summary = page.locator("#sign-summary");
      await expect.poll(() => summary.isVisible()).toBe(true);
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("sign-summary");
      expect(await summary.locator("a").evaluateAll((links) => links.map((link) => link.getAttribute("href")))).toEqual(
        ["#sign-name", "#sign-email", "#sign-region", "#sign-consent"],
      );
      await shot(page, `errors-${lang}`);
      const consentTop = async () =>
        (await page.locator("#sign-consent").boundingBox())!.y + (await page.evaluate(() => window.scrollY));
      const before = await consentTop();
      await page.locator("#sign-email").fill("aigul@example.kz");
      await page.locator("#sign-email").blur();
      await expect.poll(() => page.locator("#email-error").getAttribute("data-cleared")).toBe("");
      expect(await page.locator("#sign-email").getAttribute("aria-invalid")).toBeNull();
      expect(await consentTop()).toBe(before);
      expect(await summary.locator("[data-summary-count]").innerText()).toBe(words[lang].left);
      // Tapping consent lands where it was.
      await page.locator("#sign-consent").check();
      await expect.poll(() => page.locator("#consent-error").getAttribute("data-cleared")).toBe("");
      expect(await consentTop()).toBe(before);
      // The refused submission itself is a 400 document: the one "failed resource" expected here.
      const unexpected = problems.filter((line) => !line.includes("status of 400 (Bad Request)"));
      expect(unexpected, unexpected.join("\n")).toEqual([]);
    });
  }

  it("a field is not marked invalid just because focus passed through it", async () => {
    const { page } = await watchedPage(await newContext(phone));
    await gotoHydratedPetition(page, petitionUrl("kk"));
    await page.locator("#sign-name").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.locator('#sign [aria-invalid="true"]').count()).toBe(0);
    expect(await page.locator("#sign .field-error").count()).toBe(0);
    // A changed field is checked when left.
    await page.locator("#sign-email").fill("not-an-address");
    await page.locator("#sign-name").focus();
    await expect.poll(() => page.locator("#sign-email").getAttribute("aria-invalid")).toBe("true");
  });

  it("without JavaScript: a typo comes back on the form (summary focused, errors in the title), the fix is taken, and check-your-mail names the masked address", async () => {
    const context = await newContext({ ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(petitionUrl("ru"));
    await page.locator("#sign-name").fill("Айгуль Серикова");
    await page.locator("#sign-email").fill("nojs@gmial.com");
    await page.locator("#sign-region").selectOption("KZ-75");
    await page.locator("#sign-consent").check();
    const refused = page.waitForResponse((response) => response.request().method() === "POST");
    await page.locator('#sign button[type="submit"]').click();
    expect((await refused).status()).toBe(400);
    await page.waitForLoadState();
    // Landed on the form: the summary is focused and on screen, not below the fold.
    const box = (await page.locator("#sign-summary").boundingBox())!;
    const top = await page.evaluate(() => window.scrollY);
    expect(top).toBeGreaterThan(0);
    expect(box.y).toBeGreaterThanOrEqual(-1);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(await page.title()).toMatch(/^\(1 ошибка\) /);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("sign-summary");
    expect(await page.locator("#email-typo").innerText()).toContain("Может быть, вы имели в виду nojs@gmail.com?");
    expect(await page.locator("#email-choice-fix").isChecked()).toBe(true);
    await shot(page, "typo-nojs-ru");
    await page.locator('#sign button[type="submit"]').click();
    await page.waitForURL(/\/check-email/);
    await app.smtp.waitFor(() => app.smtp.mailsTo("nojs@gmail.com").length === 1, 10_000);
    expect(app.smtp.mailsTo("nojs@gmial.com")).toHaveLength(0);
    expect(page.url()).not.toContain("nojs");
    expect(await page.getByTestId("sent-to").innerText()).toContain("n•••@gmail.com");
    await shot(page, "check-email-ru");
  });

  it("the live 'as of' time moves with every live change, on the page and in the embed", async () => {
    const context = await newContext(phone);
    const { page, problems } = await watchedPage(context);
    await gotoHydratedPetition(page, petitionUrl("ru"));
    const embed = await context.newPage();
    const embedStream = embed.waitForResponse((response) => response.url().endsWith("/events"));
    await embed.goto(`${app.url}/embed/${demoPetition}?lang=kk`);
    await embedStream;
    // The same on a Kazakh Latin page: the time the script writes is in Latin letters too.
    const latin = await context.newPage();
    const latinStream = latin.waitForResponse((response) => response.url().endsWith("/events"));
    await latin.goto(`${app.url}/kk-latn/p/${demoPetition}`);
    await latinStream;
    const latinTime = latin.getByTestId("as-of");
    const pageTime = page.getByTestId("as-of");
    const embedTime = embed.locator(".asof time");
    const before = await pageTime.getAttribute("datetime");
    const count = digits(await page.getByTestId("confirmed-total").innerText());
    const started = Math.floor(Date.now() / 1000) * 1000;
    await signAndConfirm("live-time@example.kz");
    await expect
      .poll(() => page.getByTestId("confirmed-total").innerText(), { timeout: 5_000 })
      .not.toContain(String(count));
    // The time moved to this change (not earlier than the signing began), and its words say the same minute.
    const moved = async (time: typeof pageTime) => {
      const value = (await time.getAttribute("datetime")) ?? "";
      return value !== before && Date.parse(value) >= started;
    };
    await expect.poll(() => moved(pageTime), { timeout: 5_000 }).toBe(true);
    const pageIso = (await pageTime.getAttribute("datetime"))!;
    expect(pageIso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:00$/);
    expect(await pageTime.innerText()).toMatch(
      new RegExp(`^по состоянию на \\d{1,2} [а-я]+ \\d{4}\\s?г\\., ${pageIso.slice(11, 16)} \\(UTC\\+5\\)$`),
    );
    await expect.poll(() => moved(embedTime), { timeout: 5_000 }).toBe(true);
    const embedIso = (await embedTime.getAttribute("datetime"))!;
    expect(await embedTime.innerText()).toMatch(
      new RegExp(`^\\d{4}\\s?ж\\. \\d{1,2} [а-яәіңғүұқөһ]+, ${embedIso.slice(11, 16)} \\(UTC\\+5\\) жағдайы бойынша$`),
    );
    await expect.poll(() => moved(latinTime), { timeout: 5_000 }).toBe(true);
    const latinIso = (await latinTime.getAttribute("datetime"))!;
    expect(await latinTime.innerText()).toMatch(
      new RegExp(`^\\d{4}\\s?j\\. \\d{1,2} [a-zäöüūıñğş]+, ${latinIso.slice(11, 16)} \\(UTC\\+5\\) jağdaiy boiynşa$`),
    );
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("phone screenshots (390 px) of the share block, the confirmation page and the lists, in both languages", async () => {
    for (const lang of ["kk", "ru"] as const) {
      const { page, problems } = await watchedPage(await newContext(phone));
      await page.goto(petitionUrl(lang));
      await page.locator("[data-share]").scrollIntoViewIfNeeded();
      await page.locator("[data-share]").screenshot({ path: join(screenshotDir, `share-block-${lang}.png`) });
      await page.goto(`${app.url}/${lang}/petitions?sort=popular`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, `list-${lang}`);
      const email = `confirm-shot-${lang}@example.kz`;
      expect((await postForm(petitionUrl(lang), signer({ email }))).status).toBe(303);
      await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1, 10_000);
      await page.goto(confirmLink(app.smtp.mailsTo(email)[0]));
      await page.getByTestId("confirm-button").click();
      await page.locator("[data-share]").waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, `confirmed-${lang}`);
      expect(problems, problems.join("\n")).toEqual([]);
    }
  });
});
