// Every public page, as a phone and a desktop browser show it in Kazakh and Russian: axe-core finds
// no WCAG 2.1 A/AA violation, no page is wider than a 320 px screen, and the W3C Nu checker finds no
// error in the HTML the server sends. One browser and one app for the whole file.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedDemoPetition, demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { confirmLink } from "../support/smtp-sink.ts";
import { desktop, gotoHydratedPetition, launchBrowser, phone } from "./browser.ts";

const langs = ["kk", "ru"] as const;
type Lang = (typeof langs)[number];
const statement = "position-before-elections";
const report = "observation-report-2021";

let app: TestApp;
let browser: Browser;
/** A pending signature's link (the "confirm?" page) and a confirmed one's link and receipt. */
let askPath: string;
let confirmedPath: string;
let receipt: string;

async function signedLink(email: string) {
  expect((await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email }))).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1, 10_000);
  const mail = app.smtp.mailsTo(email)[0]!;
  const link = new URL(confirmLink(mail));
  const code = /([A-Za-z0-9_-]{22})\./.exec(mail.text.split("\n").find((line) => /квитанция|түбірте/i.test(line))!);
  return { path: link.pathname, receipt: code?.[1] ?? "" };
}

/** Two rejected citizen petitions for the public list: one shown with its duplicate, one hidden. */
async function addRejectedPetitions() {
  const at = (date: Date) => (app.db.kind === "sqlite" ? date.toISOString() : date);
  const now = new Date();
  const [original] = await app.db.query<{ id: string; organizationId: string }>(
    `SELECT "id", "organizationId" FROM "Publication" WHERE "slug" = $1`,
    [demoPetition],
  );
  for (const [slug, reason] of [
    ["rejected-duplicate", "duplicate"],
    ["rejected-hate", "hate"],
  ] as const) {
    await app.db.query(
      `INSERT INTO "Publication" ("id", "slug", "kind", "status", "origin", "organizationId", "titleKk", "titleRu",
         "summaryKk", "summaryRu", "bodyKk", "bodyRu", "updatedAt")
       VALUES ($1, $2, 'petition', 'rejected', 'citizen', $3, 'Сайлау әділ болсын', 'Пусть выборы будут честными',
         'Сайлауда әр дауыс саналсын.', 'Пусть на выборах считают каждый голос.', 'Мәтін.', 'Текст.', $4)`,
      [`pub-${slug}`, slug, original!.organizationId, at(now)],
    );
    await app.db.query(
      `INSERT INTO "CitizenPetition" ("publicationId", "creatorName", "creatorEmail", "creatorEmailCanonical",
         "creatorLocale", "addressee", "rejectionReason", "rejectionNote", "duplicateOfId", "decidedAt")
       VALUES ($1, 'Айгүл', $2, $2, 'kk', 'other', $3, $4, $5, $6)`,
      [
        `pub-${slug}`,
        `${slug}@example.kz`,
        reason,
        reason === "duplicate" ? "Осындай петиция бар." : null,
        reason === "duplicate" ? original!.id : null,
        at(now),
      ],
    );
  }
  const listed = await (await fetch(`${app.url}/ru/rejected`)).text();
  for (const slug of ["rejected-duplicate", "rejected-hate"]) expect(listed).toContain(`data-slug="${slug}"`);
}

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startTestApp({ env: { RATE_LIMITS: "off" } })]);
  await addRejectedPetitions();
  askPath = (await signedLink("ask@example.kz")).path;
  const confirmed = await signedLink("confirmed@example.kz");
  expect((await fetch(app.url + confirmed.path, { method: "POST", redirect: "manual" })).status).toBe(303);
  confirmedPath = confirmed.path;
  receipt = confirmed.receipt;
  expect(receipt).toMatch(/^[A-Za-z0-9_-]{22}$/);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The public pages, by name, with the status each answers. Paths are in `lang`. */
function publicPages(lang: Lang) {
  const other = lang === "kk" ? "ru" : "kk";
  return [
    { name: "home", path: `/${lang}`, status: 200 },
    { name: "petitions", path: `/${lang}/petitions`, status: 200 },
    { name: "statements", path: `/${lang}/statements`, status: 200 },
    { name: "reports", path: `/${lang}/reports`, status: 200 },
    { name: "petition (open)", path: `/${lang}/p/${demoPetition}`, status: 200 },
    { name: "petition (closed)", path: `/${lang}/p/${closedDemoPetition}`, status: 200 },
    { name: "statement", path: `/${lang}/p/${statement}`, status: 200 },
    { name: "report", path: `/${lang}/p/${report}`, status: 200 },
    { name: "check-email", path: `/${lang}/p/${demoPetition}/check-email`, status: 200 },
    // The mailed links were made for a Kazakh signer; the same token works under /ru.
    { name: "confirm (ask)", path: askPath.replace(`/kk/`, `/${lang}/`), status: 200 },
    { name: "confirm (done)", path: confirmedPath.replace(`/kk/`, `/${lang}/`), status: 200 },
    { name: "confirm (resend)", path: `/${lang}/confirm`, status: 200 },
    { name: "receipt (form)", path: `/${lang}/receipt`, status: 200 },
    { name: "receipt (found)", path: `/${lang}/receipt?petition=${demoPetition}&id=${receipt}`, status: 200 },
    { name: "removals", path: `/${lang}/p/${demoPetition}/removals`, status: 200 },
    { name: "versions", path: `/${lang}/p/${demoPetition}/versions`, status: 200 },
    {
      name: "search",
      path: `/${lang}/search?q=${encodeURIComponent(lang === "kk" ? "сайлау" : "выборы")}`,
      status: 200,
    },
    { name: "sign-in", path: `/${lang}/signin`, status: 200 },
    { name: "API guide", path: `/${lang}/api`, status: 200 },
    { name: "privacy", path: `/${lang}/privacy`, status: 200 },
    { name: "start a petition", path: `/${lang}/start`, status: 200 },
    { name: "start with errors", path: `/${lang}/start`, status: 400, submitEmpty: '[data-testid="start-submit"]' },
    { name: "standards", path: `/${lang}/standards`, status: 200 },
    { name: "rejected", path: `/${lang}/rejected`, status: 200 },
    { name: "embed", path: `/embed/${demoPetition}?lang=${lang}`, status: 200 },
    { name: "404", path: `/${lang}/no-such-page`, status: 404 },
    { name: "404 (petition)", path: `/${lang}/p/no-such-petition`, status: 404 },
    { name: "form with errors", path: `/${lang}/p/${demoPetition}`, status: 400, submitEmpty: signSubmit },
  ].map((page) => ({ ...page, other }));
}

/** Kazakh in Latin script: the pages a reader of /kk-latn/ goes through, transliterated on the way out. */
function latinPages() {
  return [
    { name: "Latin home", path: "/kk-latn", status: 200 },
    { name: "Latin petition", path: `/kk-latn/p/${demoPetition}`, status: 200 },
    { name: "Latin statement", path: `/kk-latn/p/${statement}`, status: 200 },
    { name: "Latin search", path: "/kk-latn/search?q=adal+sailau", status: 200 },
    { name: "Latin check-email", path: `/kk-latn/p/${demoPetition}/check-email`, status: 200 },
    { name: "Latin confirm (ask)", path: askPath.replace("/kk/", "/kk-latn/"), status: 200 },
    { name: "Latin confirm (done)", path: confirmedPath.replace("/kk/", "/kk-latn/"), status: 200 },
    { name: "Latin form with errors", path: `/kk-latn/p/${demoPetition}`, status: 400, submitEmpty: signSubmit },
  ];
}

/** The sign form's button: a page submitted empty shows the form with its errors. */
const signSubmit = '#sign button[type="submit"]';

type PublicPage = {
  name: string;
  path: string;
  status: number;
  /** The button to press with every field left empty (the page then shows the form's errors). */
  submitEmpty?: string;
};

/** Opens a page as a visitor would (for the form: submits it empty) and waits until it is live. */
async function open(page: Page, target: PublicPage) {
  const response = await page.goto(app.url + target.path);
  let status = response?.status();
  if (target.submitEmpty) {
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === target.path),
      page.locator(target.submitEmpty).click(),
    ]);
    status = answer.status();
    await page.waitForLoadState("load");
  }
  expect(status, target.path).toBe(target.status);
  // Judge the page React has taken over (or, on pages served without it, the loaded page).
  await page.waitForFunction(
    () =>
      Object.keys(document.body).some((key) => key.startsWith("__reactFiber")) ||
      (!document.querySelector('script[type="module"]') && document.readyState === "complete"),
    undefined,
    { timeout: 10_000 },
  );
}

const wcag21 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function axeViolations(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).withTags(wcag21).analyze();
  return result.violations.map(
    (violation) =>
      `${where}: ${violation.id} (${violation.impact}) ${violation.help} — ` +
      violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(" "))
        .join(" | "),
  );
}

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Boxes that scroll sideways at this width but are not a focusable region with a name. */
async function unnamedScrollers(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((element) => {
        const overflow = getComputedStyle(element).overflowX;
        return (overflow === "auto" || overflow === "scroll") && element.scrollWidth > element.clientWidth + 1;
      })
      .filter(
        (element) =>
          element.tabIndex !== 0 ||
          element.getAttribute("role") !== "region" ||
          !(element.getAttribute("aria-label") || element.getAttribute("aria-labelledby")),
      )
      .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}">`),
  );
}

/** Chart text (history, region tiles, report bars) rendered smaller than 12 px, as "text: size". */
async function smallChartText(page: Page) {
  return page.evaluate(() => {
    const small: string[] = [];
    const charts = document.querySelectorAll(
      '[aria-labelledby="history-heading"] figure, [data-testid="cartogram"], [data-testid="report-chart"]',
    );
    for (const chart of charts) {
      for (const element of chart.querySelectorAll<HTMLElement | SVGElement>("*")) {
        const own = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent!.trim());
        if (!own) continue;
        let size = parseFloat(getComputedStyle(element).fontSize);
        // SVG text is in the drawing's units: scale by how wide the drawing is shown.
        const svg = element instanceof SVGElement ? element.ownerSVGElement : null;
        if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        if (size < 11.95) small.push(`${element.textContent!.trim()}: ${size.toFixed(1)} px`);
      }
    }
    return small;
  });
}

describe(`accessibility of every public page (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  for (const lang of langs) {
    // The Latin pages are Kazakh pages in another script: checked on the phone with the Cyrillic ones.
    const onPhone = () => (lang === "kk" ? [...publicPages(lang), ...latinPages()] : publicPages(lang));
    it(`[${lang === "kk" ? "kk, kk-latn" : lang}] on a phone (390×844): axe-core finds no WCAG 2.1 A/AA violation and no page scrolls sideways at 320 px`, async () => {
      const context: BrowserContext = await browser.newContext(phone);
      const page = await context.newPage();
      const problems: string[] = [];
      try {
        for (const target of onPhone()) {
          await page.setViewportSize({ width: 390, height: 844 });
          await open(page, target);
          problems.push(...(await axeViolations(page, `${target.name} ${target.path} @390`)));
          for (const small of await smallChartText(page)) problems.push(`${target.name} @390: chart text ${small}`);
          await page.setViewportSize({ width: 320, height: 640 });
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) problems.push(`${target.name} ${target.path}: ${overflow} px wider than a 320 px screen`);
          for (const box of await unnamedScrollers(page))
            problems.push(`${target.name} ${target.path} @320: ${box} scrolls but is no focusable, named region`);
        }
      } finally {
        await context.close();
      }
      expect(problems, problems.join("\n")).toEqual([]);
    }, 300_000);

    it(`[${lang}] on a desktop (1280×800): axe-core finds no WCAG 2.1 A/AA violation`, async () => {
      const context = await browser.newContext({ ...desktop, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const problems: string[] = [];
      try {
        for (const target of publicPages(lang)) {
          await open(page, target);
          problems.push(...(await axeViolations(page, `${target.name} ${target.path} @1280`)));
        }
      } finally {
        await context.close();
      }
      expect(problems, problems.join("\n")).toEqual([]);
    }, 300_000);
  }

  it("the W3C Nu HTML checker finds no error in any public page the server sends, in Kazakh (both scripts) and Russian", async () => {
    const vnu = resolve("node_modules/vnu-jar/build/dist/vnu.jar");
    // Fails rather than skips: CI installs Java (default-jre-headless) for this check.
    const java = await promisify(execFile)("java", ["-version"]).catch(() => null);
    expect(java, "java is not installed: apt-get install -y default-jre-headless").not.toBeNull();
    expect(existsSync(vnu), `${vnu} is missing: npm ci`).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), "dauys-vnu-"));
    const files = new Map<string, string>();
    try {
      for (const targets of [...langs.map(publicPages), latinPages()]) {
        for (const target of targets) {
          const response = target.submitEmpty
            ? await postForm(app.url + target.path, { started: "" })
            : await fetch(app.url + target.path);
          expect(response.status, target.path).toBe(target.status);
          const file = join(dir, `${files.size}.html`);
          writeFileSync(file, await response.text());
          files.set(file, `${target.name} ${target.path}`);
        }
      }
      // One Java run for every file: starting the checker is the slow part.
      const { stderr } = await promisify(execFile)(
        "java",
        ["-Xss1m", "-jar", vnu, "--format", "json", "--exit-zero-always", ...files.keys()],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      const messages = (
        JSON.parse(stderr) as {
          messages: { type: string; url: string; message: string; lastLine?: number; extract?: string }[];
        }
      ).messages;
      const errors = messages
        .filter((message) => message.type === "error" || message.type === "non-document-error")
        .map((message) => {
          const file = decodeURIComponent(new URL(message.url).pathname);
          return `${files.get(file) ?? file}:${message.lastLine ?? "?"}: ${message.message} ${JSON.stringify(message.extract ?? "")}`;
        });
      expect(errors, errors.join("\n")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("a one-letter name is told it is too short as the field is left, in either language", async () => {
    const context = await browser.newContext(phone);
    try {
      const page = await context.newPage();
      for (const [lang, message] of [
        ["kk", "Аты-жөніңізді толық жазыңыз: бір әріп жеткіліксіз."],
        ["ru", "Укажите фамилию и имя полностью: одной буквы недостаточно."],
      ] as const) {
        await gotoHydratedPetition(page, `${app.url}/${lang}/p/${demoPetition}`);
        await page.locator("#sign-name").fill("А");
        await page.locator("#sign-name").blur();
        await expect.poll(() => page.locator("#name-error").textContent()).toBe(message);
      }
    } finally {
      await context.close();
    }
  });

  it("a single day of history is drawn on a phone: its point is visible and its one-line description does not repeat itself", async () => {
    const context = await browser.newContext(phone);
    try {
      const page = await context.newPage();
      for (const [lang, words] of [
        ["kk", /^\d{4}\sж\.\s\d{1,2}\s[а-яәғқңөұүһі]+ күнгі расталған қолдар саны: 1\.$/],
        ["ru", /^Подтверждённых подписей на \d{1,2}\s[а-я]+\s\d{4}\sг\.: 1\.$/],
      ] as const) {
        for (const width of [390, 320]) {
          await page.setViewportSize({ width, height: 800 });
          await page.goto(`${app.url}/${lang}/p/${demoPetition}`);
          const chart = page.getByTestId("history-chart");
          expect(await chart.getAttribute("data-points")).toBe("1");
          const dot = await page.getByTestId("history-latest").boundingBox();
          expect(dot, `${lang} @${width}`).not.toBeNull();
          expect(dot!.width, `${lang} @${width}`).toBeGreaterThanOrEqual(8);
          expect(dot!.height, `${lang} @${width}`).toBeGreaterThanOrEqual(8);
          const figure = page.locator('[aria-labelledby="history-heading"] figure');
          expect((await figure.locator("figcaption").innerText()).trim()).toMatch(words);
          // Said once: the drawing and its axis labels are hidden from screen readers.
          expect(await figure.locator('[aria-hidden="true"]').count()).toBe(1);
          expect(await smallChartText(page), `${lang} @${width}`).toEqual([]);
        }
      }
    } finally {
      await context.close();
    }
  });
});
