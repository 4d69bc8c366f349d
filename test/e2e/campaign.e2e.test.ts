// The campaign loop in Chromium: a volunteer downloads the signature sheet from the petition page
// on a phone (no JavaScript needed); an organizer numbers a run of sheets, posts the official
// response with its PDF and sends an update; the public page then shows both.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { signIn, type Session } from "../support/workspace.ts";
import { desktop, ensureDir, launchBrowser, phone, watchedPage } from "./browser.ts";

const screenshotDir = join("test-results", "screenshots");
const dir = mkdtempSync(join(tmpdir(), "dauys-campaign-e2e-"));
let app: TestApp;
let browser: Browser;
let organizer: Session;
let petitionId = "";

const pdfText = (bytes: Buffer, name: string) => {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8");
};
const organizerCookie = () => {
  const [name, value] = organizer.cookie.split(/=(.*)/s);
  return { name, value, url: app.url };
};

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off", UPDATE_MAIL_RATE: "6000" } });
  browser = await launchBrowser();
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: "ashyq-khattama", role: "organizer" });
  organizer = await signIn(app, "organizer@example.kz");
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

describe(`the campaign loop in a browser (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("a volunteer on a phone without JavaScript gets the A4 sheet from the petition page, for a region too", async () => {
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${app.url}/ru/p/${demoPetition}`);
    const section = page.getByTestId("sheet-download");
    await expect.poll(() => section.getByRole("heading").textContent()).toBe("Сбор подписей на бумаге");
    const link = section.getByRole("link", { name: "Подписной лист (PDF, A4, на русском)" });
    const href = await link.getAttribute("href");
    expect(href).toBe(`/ru/p/${demoPetition}/sheet.pdf`);
    const sheet = await page.request.get(app.url + href);
    expect(sheet.headers()["content-type"]).toBe("application/pdf");
    expect(pdfText(await sheet.body(), "public-ru")).toContain("ПОДПИСНОЙ ЛИСТ");

    // The region form is a plain GET: the browser asks for the PDF with ?region=.
    await section.getByLabel("Лист для региона:").selectOption("KZ-79");
    const [regional] = await Promise.all([
      page.waitForResponse((response) => response.url().includes("/sheet.pdf?region=KZ-79")),
      section.getByRole("button", { name: "PDF" }).click({ noWaitAfter: true }),
    ]);
    expect(regional.status()).toBe(200);
    expect(regional.headers()["content-type"]).toBe("application/pdf");
    // Chromium hands the PDF to its viewer: the bytes are read again from the same address.
    const bytes = await (await page.request.get(regional.url())).body();
    expect(pdfText(bytes, "public-region")).toContain("Регион: Шымкент");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("an organizer numbers a run of sheets and downloads it from the workspace", async () => {
    const context = await browser.newContext(desktop);
    await context.addCookies([organizerCookie()]);
    const { page, problems } = await watchedPage(context);
    await page.goto(`${app.url}/kk/workspace/publications/${petitionId}`);
    await page.getByRole("link", { name: "Қол жинау парақтары" }).click();
    await page.getByLabel("Парақ тілі").selectOption("ru");
    await page.getByLabel("Парақ саны (1–100)").fill("3");
    await page.getByRole("button", { name: "Нөмірлеп, PDF жасау" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("000001–000003 нөмірлі парақтар дайын.");
    const href = await page.getByTestId("created-run").getAttribute("href");
    const run = await page.request.get(app.url + href);
    expect(run.status()).toBe(200);
    const text = pdfText(await run.body(), "run");
    for (const serial of ["000001", "000002", "000003"]) expect(text).toContain(`Лист № ${serial}`);
    const file = join(screenshotDir, "sheet-runs-kk.png");
    ensureDir(file);
    await page.screenshot({ path: file, fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("an organizer posts the response with its PDF and sends an update; the public page shows both and signers are mailed", async () => {
    const context = await browser.newContext(desktop);
    await context.addCookies([organizerCookie()]);
    const { page, problems } = await watchedPage(context);
    await page.goto(`${app.url}/ru/workspace/publications/${petitionId}/response`);
    await page.getByLabel("Дата ответа").fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel("Текст ответа (на казахском)").fill("Министрлік жауап берді.");
    await page.getByLabel("Текст ответа (на русском)").fill("Министерство ответило.");
    await page.getByLabel(/Документ с ответом/).setInputFiles({
      name: "otvet.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n% ответ\n%%EOF\n"),
    });
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.waitForURL(`${app.url}/ru/workspace/publications/${petitionId}?saved=1`);
    await app.smtp.waitFor(
      () => app.smtp.messages.filter((mail) => /ресми жауап|официальный ответ/.test(mail.subject)).length === 2,
    );

    const created = await postForm(
      `${app.url}/kk/workspace/publications/${petitionId}/updates`,
      {
        csrf: organizer.csrf,
        subjectKk: "Жауап келді",
        subjectRu: "Пришёл ответ",
        bodyKk: "Біз **жеңдік**.",
        bodyRu: "Мы **победили**.",
      },
      { Cookie: organizer.cookie },
    );
    const updatePath = created.headers.get("location")!;
    await postForm(
      `${app.url}${updatePath}`,
      { csrf: organizer.csrf, intent: "send", confirm: "yes" },
      { Cookie: organizer.cookie },
    );
    await app.smtp.waitFor(() => app.smtp.messages.some((mail) => mail.subject === "Пришёл ответ"));

    const visitor = await browser.newContext(phone);
    const publicPage = await watchedPage(visitor);
    await expect
      .poll(async () => {
        await publicPage.page.goto(`${app.url}/ru/p/${demoPetition}`);
        return publicPage.page.getByTestId("public-updates").count();
      })
      .toBe(1);
    const { page: view } = publicPage;
    await expect
      .poll(() => view.getByTestId("response-arrived").textContent())
      .toMatch(/^Дата ответа: .+, опубликован на сайте .+\.$/);
    const documentLink = view.getByTestId("response-document").getByRole("link");
    expect(await documentLink.getAttribute("href")).toBe(`/api/v1/petitions/${demoPetition}/response.pdf`);
    expect(await view.getByTestId("public-updates").locator("strong").textContent()).toBe("победили");
    expect(await view.getByRole("link", { name: "Лента новостей (Atom)" }).getAttribute("href")).toBe(
      `/ru/p/${demoPetition}/updates.atom`,
    );
    expect(
      await view.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    const file = join(screenshotDir, "petition-response-updates-ru.png");
    ensureDir(file);
    await view.screenshot({ path: file, fullPage: true });
    expect([...problems, ...publicPage.problems]).toEqual([]);
    await visitor.close();
    await context.close();
  });
});
