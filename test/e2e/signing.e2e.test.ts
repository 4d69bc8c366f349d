// Signing in a real browser (Debian's Chromium via playwright-core) against the built app, a fresh
// database and the in-process SMTP sink: the form, the mailed link, live counts on another open
// page, the form without JavaScript, validation messages, and phone-width screenshots.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { confirmLink } from "../support/smtp-sink.ts";
import {
  desktop,
  digits,
  ensureDir,
  gotoHydratedPetition,
  launchBrowser,
  phone,
  watchedPage,
  type WatchedPage,
} from "./browser.ts";

const screenshotDir = join("test-results", "screenshots");

const text = {
  kk: {
    checkEmail: "Поштаңызды тексеріңіз",
    confirmed: "Рақмет! Қолыңыз саналды",
    ask: "Қолыңызды растаңыз",
    subject: "Қолыңызды растаңыз",
    nameRequired: "Аты-жөніңізді жазыңыз.",
    emailRequired: "Электрондық поштаңызды жазыңыз.",
    emailInvalid: "Электрондық пошта мекенжайы дұрыс емес.",
    regionRequired: "Тізімнен өңірді таңдаңыз.",
    consentRequired: "Қол қою үшін жеке деректерді өңдеуге келісім қажет.",
    summary: "Формада 4 қате бар.",
  },
  ru: {
    checkEmail: "Проверьте почту",
    confirmed: "Спасибо! Ваша подпись учтена",
    ask: "Подтвердите подпись",
    subject: "Подтвердите подпись",
    nameRequired: "Укажите фамилию и имя.",
    emailRequired: "Укажите электронную почту.",
    emailInvalid: "Неверный адрес электронной почты.",
    regionRequired: "Выберите регион из списка.",
    consentRequired: "Чтобы подписать, нужно согласие на обработку персональных данных.",
    summary: "В форме 4 ошибки.",
  },
} as const;

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // Both at once: the browser launch and the app boot are the slow parts of this file.
  [browser, app] = await Promise.all([launchBrowser(), startTestApp({ env: { RATE_LIMITS: "off" } })]);
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.close();
});

async function newContext(options: Parameters<Browser["newContext"]>[0]) {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context;
}

const petitionUrl = (lang: string, slug = demoPetition) => `${app.url}/${lang}/p/${slug}`;
const h1 = (page: Page) => page.locator("h1").first().innerText();

async function waitForMail(email: string) {
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length > 0, 10_000);
  return app.smtp.mailsTo(email)[0]!;
}

async function fillSignForm(page: Page, fields: { name: string; email: string; region: string }) {
  const form = page.locator("#sign form");
  await form.locator('input[name="name"]').fill(fields.name);
  await form.locator('input[name="email"]').fill(fields.email);
  await form.locator('select[name="region"]').selectOption(fields.region);
  await form.locator('input[name="consent"]').check();
}

const submitButton = (page: Page) => page.locator('#sign button[type="submit"]');

/**
 * A form sent less than 2 s after the page was rendered is flagged "too-fast" and, once confirmed,
 * held rather than counted (docs/abuse-rules.md). People are slower than this browser: wait.
 */
async function takeAsLongAsAPerson(shownAt: number) {
  const wait = shownAt + 2_500 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** Clicks submit on the untouched form; resolves with the response to the form's POST. */
async function submitEmptyForm(page: Page, lang: string) {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/${lang}/p/${demoPetition}`,
    ),
    submitButton(page).click(),
  ]);
  // The answer is a new page: its deferred script (field checks) runs before DOMContentLoaded.
  await page.waitForLoadState("domcontentloaded");
  return response;
}

function expectNoProblems(watched: WatchedPage) {
  if (watched.problems.length) expect.fail(`console errors or uncaught exceptions:\n${watched.problems.join("\n")}`);
}

describe(`signing in a browser (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  const cases = [
    { lang: "kk" as const, name: "Айгүл Серікқызы", email: "browser.kk@example.kz", region: "KZ-35" },
    { lang: "ru" as const, name: "Иван Петров", email: "browser.ru@example.ru", region: "KZ-71" },
  ];

  for (const signerCase of cases) {
    it(`[${signerCase.lang}] a phone signer confirms by mail and another open page shows the new total and region count within 5 s, without reloading`, async () => {
      const { lang, region } = signerCase;
      const signing = await watchedPage(await newContext(phone));
      const watching = await watchedPage(await newContext(desktop));

      await gotoHydratedPetition(watching.page, petitionUrl(lang));
      const total = watching.page.getByTestId("confirmed-total");
      const regionCell = watching.page.getByTestId(`region-count-${region}`);
      const totalBefore = digits(await total.innerText());
      const regionBefore = digits(await regionCell.innerText());
      // The watching page is never navigated again: only the live stream may change it.
      let watchingNavigations = 0;
      watching.page.on("framenavigated", (frame) => frame === watching.page.mainFrame() && watchingNavigations++);

      const shownAt = Date.now();
      await gotoHydratedPetition(signing.page, petitionUrl(lang));
      await fillSignForm(signing.page, signerCase);
      await takeAsLongAsAPerson(shownAt);
      await submitButton(signing.page).click();
      await signing.page.waitForURL(`**/${lang}/p/${demoPetition}/check-email`);
      await expect.poll(() => h1(signing.page)).toBe(text[lang].checkEmail);

      const mail = await waitForMail(signerCase.email);
      expect(mail.subject).toContain(text[lang].subject);
      const link = confirmLink(mail);
      expect(link).toMatch(new RegExp(`/${lang}/confirm/[A-Za-z0-9_-]+$`));

      // Nothing counts before the link is opened.
      expect(digits(await total.innerText())).toBe(totalBefore);

      // Opening the link only asks; the button confirms.
      await signing.page.goto(link);
      await expect.poll(() => h1(signing.page)).toBe(text[lang].ask);
      expect(digits(await total.innerText())).toBe(totalBefore);
      await signing.page.getByTestId("confirm-button").click();
      await expect.poll(() => h1(signing.page)).toBe(text[lang].confirmed);

      // One 5-second budget for both figures, counted from the moment the confirmation page showed.
      await expect
        .poll(async () => ({ total: digits(await total.innerText()), region: digits(await regionCell.innerText()) }), {
          timeout: 5_000,
          interval: 100,
        })
        .toEqual({ total: totalBefore + 1, region: regionBefore + 1 });
      expect(watchingNavigations).toBe(0);
      // Console errors are the screenshot test's business (it visits these pages too).
    });
  }

  it("the form works without JavaScript: a plain POST reaches the check-email page and the mail is sent", async () => {
    const context = await newContext({ ...phone, javaScriptEnabled: false });
    const watched = await watchedPage(context);
    const email = "no.js@example.kz";
    await watched.page.goto(petitionUrl("kk"));
    await fillSignForm(watched.page, { name: "Ерлан Жақсылықов", email, region: "abroad" });
    const [response] = await Promise.all([
      watched.page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/kk/p/${demoPetition}`,
      ),
      submitButton(watched.page).click(),
    ]);
    expect(response.status()).toBe(303);
    await watched.page.waitForURL(`**/kk/p/${demoPetition}/check-email`);
    await expect.poll(() => h1(watched.page)).toBe(text.kk.checkEmail);
    const mail = await waitForMail(email);
    expect(mail.subject).toContain(text.kk.subject);
    expectNoProblems(watched);
  });

  for (const lang of ["kk", "ru"] as const) {
    it(`[${lang}] an empty submission is refused (400) with translated field errors and an alert summary; fields are re-checked as they are left`, async () => {
      const { page } = await watchedPage(await newContext(phone));
      await gotoHydratedPetition(page, petitionUrl(lang));
      const response = await submitEmptyForm(page, lang);
      expect(response.status()).toBe(400);

      const summary = page.locator('#sign [role="alert"]');
      await expect.poll(() => summary.isVisible()).toBe(true);
      expect(await summary.innerText()).toContain(text[lang].summary);
      expect(await page.locator("#name-error").innerText()).toBe(text[lang].nameRequired);
      expect(await page.locator("#email-error").innerText()).toBe(text[lang].emailRequired);
      expect(await page.locator("#region-error").innerText()).toBe(text[lang].regionRequired);
      expect(await page.locator("#consent-error").innerText()).toBe(text[lang].consentRequired);
      expect(await page.locator("#sign-name").getAttribute("aria-invalid")).toBe("true");
      expect(await page.locator("#sign-name").getAttribute("aria-describedby")).toContain("name-error");
      // Still on the petition page: nothing was accepted.
      expect(new URL(page.url()).pathname).toBe(`/${lang}/p/${demoPetition}`);

      // Fixing a field clears its message when the field is left; a bad address gets its own message.
      await page.locator("#sign-name").fill(lang === "kk" ? "Айгүл Серікқызы" : "Иван Петров");
      await page.locator("#sign-email").fill("not-an-address");
      await page.locator("#sign-email").blur();
      // The cleared line keeps its place, invisible, so nothing below it moves (issue 15).
      await expect.poll(() => page.locator("#name-error").getAttribute("data-cleared")).toBe("");
      expect(await page.locator("#name-error").isVisible()).toBe(false);
      expect(await page.locator("#sign-name").getAttribute("aria-invalid")).toBeNull();
      await expect.poll(() => page.locator("#email-error").textContent()).toBe(text[lang].emailInvalid);
    });

    it(`[${lang}] after a refused submission keyboard focus moves to the error summary`, async () => {
      const { page } = await watchedPage(await newContext(phone));
      await gotoHydratedPetition(page, petitionUrl(lang));
      expect((await submitEmptyForm(page, lang)).status()).toBe(400);
      await expect.poll(() => page.locator('#sign [role="alert"]').isVisible()).toBe(true);
      // Focused, so a screen reader announces it and a keyboard user starts from the list of problems.
      await expect
        .poll(
          () => page.evaluate(() => document.activeElement?.getAttribute("role") ?? document.activeElement?.tagName),
          { timeout: 2_000 },
        )
        .toBe("alert");
    });
  }

  it("pages render on a phone (390 px) without console errors, in the language of their address; screenshots are saved", async () => {
    // A pending signature and its mailed link, for the check-email and confirmation pages.
    const email = "screenshots@example.kz";
    const posted = await postForm(petitionUrl("kk"), signer({ email }));
    expect(posted.status).toBe(303);
    const link = confirmLink(await waitForMail(email));

    const shots: Array<{ name: string; path: string; lang: "kk" | "ru"; heading?: string }> = [
      { name: "home-kk", path: "/kk", lang: "kk" },
      { name: "petition-kk", path: `/kk/p/${demoPetition}`, lang: "kk" },
      { name: "statement-ru", path: "/ru/p/position-before-elections", lang: "ru" },
      { name: "report-kk", path: "/kk/p/observation-report-2021", lang: "kk" },
      { name: "petitions-ru", path: "/ru/petitions", lang: "ru" },
      { name: "check-email-kk", path: `/kk/p/${demoPetition}/check-email`, lang: "kk", heading: text.kk.checkEmail },
      { name: "confirm-kk", path: new URL(link).pathname, lang: "kk", heading: text.kk.ask },
      { name: "privacy-ru", path: "/ru/privacy", lang: "ru" },
    ];

    const context = await newContext(phone);
    const watched = await watchedPage(context);
    const { page } = watched;
    const failures: string[] = [];
    for (const shot of shots) {
      watched.problems.length = 0;
      const response = await page.goto(app.url + shot.path);
      expect(response?.status(), shot.path).toBe(200);
      // Let hydration (and any error it reports) happen before judging the page; pages served
      // without React (handle.hydrate === false: no module scripts) only need to have loaded.
      await page.waitForFunction(
        () =>
          Object.keys(document.body).some((key) => key.startsWith("__reactFiber")) ||
          (!document.querySelector('script[type="module"]') && document.readyState === "complete"),
        undefined,
        { timeout: 10_000 },
      );
      await page.waitForTimeout(150);
      const lang = await page.evaluate(() => document.documentElement.lang);
      if (lang !== shot.lang) failures.push(`${shot.path}: <html lang="${lang}">, expected "${shot.lang}"`);
      if (shot.heading) expect(await h1(page), shot.path).toBe(shot.heading);
      const horizontalOverflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (horizontalOverflow > 0)
        failures.push(`${shot.path}: page is ${horizontalOverflow}px wider than the 390px screen`);
      const file = join(screenshotDir, `${shot.name}.png`);
      ensureDir(file);
      await page.screenshot({ path: file, fullPage: true });
      failures.push(...watched.problems);
    }
    if (failures.length) expect.fail(`${failures.length} problem(s) on phone-width pages:\n${failures.join("\n")}`);
  });
});
