// A signer checks which text they signed: from the receipt to the versions page, where each minor
// edit shows as a word diff and the linked text opens by itself. No console errors (CSP, hydration).
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { signIn, workspaceClient } from "../support/workspace.ts";
import { desktop, ensureDir, launchBrowser, phone, watchedPage } from "./browser.ts";

const slug = "park-plan-in-a-browser";
const texts = {
  titleKk: "Біз саябак жоспарын ҚОЛДАЙМЫЗ",
  titleRu: "Мы ПОДДЕРЖИВАЕМ плн парка",
  summaryKk: "Тұрғындар саябақ жоспарын қолдайды.",
  summaryRu: "Жители поддерживают план парка.",
  bodyKk: "Біз саябақ жоспарын қолдаймыз.",
  bodyRu: "Мы поддерживаем план парка.",
};
let app: TestApp;
let browser: Browser;
let receipt = "";

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  browser = await launchBrowser();
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: "ashyq-khattama", role: "organizer" });
  const ws = workspaceClient(app, await signIn(app, "organizer@example.kz"));
  const [{ id: organizationId }] = await app.db.query<{ id: string }>(
    `SELECT "id" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`,
  );
  const form = (extra: Record<string, string>) => ({
    intent: "save",
    kind: "petition",
    organizationId,
    slug,
    ...texts,
    ...extra,
  });
  expect((await ws.post("/ru/workspace/publications/new", form({}))).status).toBe(303);
  const [{ id }] = await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [slug]);
  expect(
    (await ws.post(`/ru/workspace/publications/${id}/status`, { transition: "open", back: "/ru/workspace" })).status,
  ).toBe(303);
  const email = "browser.signer@example.kz";
  expect((await postForm(`${app.url}/ru/p/${slug}`, signer({ email }))).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]));
  receipt = (
    await app.db.query<{ receipt: string }>(`SELECT "receipt" FROM "Signature" WHERE "email" = $1`, [email])
  )[0].receipt;
  // A typo fix is a minor edit; a change of position is a new version with a note.
  const edited = { titleKk: "Біз саябақ жоспарын ҚОЛДАЙМЫЗ", titleRu: "Мы ПОДДЕРЖИВАЕМ план парка" };
  expect((await ws.post(`/ru/workspace/publications/${id}/edit`, form({ ...edited, minorEdit: "on" }))).status).toBe(
    303,
  );
  const rewritten = {
    titleKk: "Біз саябақ жоспарына ҚАРСЫМЫЗ",
    titleRu: "Мы ПРОТИВ плана парка",
    bodyRu: "Мы против плана парка: он отнимает двор у детей.",
    bodyKk: "Біз жоспарға қарсымыз.",
  };
  const version2 = await ws.post(
    `/ru/workspace/publications/${id}/edit`,
    form({ ...rewritten, noteKk: "Ұстаным өзгерді.", noteRu: "Позиция изменилась." }),
  );
  expect(version2.headers.get("location")).toContain("saved=version-2");
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe(`the text people signed, in a browser (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("goes from a receipt to the exact text signed; minor edits show as a visible word diff", async () => {
    const context = await browser.newContext(desktop);
    const { page, problems } = await watchedPage(context);
    await page.goto(`${app.url}/ru/receipt?petition=${slug}&id=${receipt}`);
    await expect.poll(() => page.getByTestId("signed-version").textContent()).toContain("под версией 1 текста");
    await page.getByRole("link", { name: "Прочитать текст, под которым стоит подпись" }).click();
    await page.waitForURL(/\/ru\/p\/park-plan-in-a-browser\/versions#v1$/);

    // Version 1 is not the newest, yet the link opened its text as published.
    const v1 = page.locator("#v1");
    await expect.poll(() => v1.locator(":scope > details[data-text]").getAttribute("open")).not.toBeNull();
    await expect.poll(() => v1.getByText("Мы ПОДДЕРЖИВАЕМ плн парка").first().isVisible()).toBe(true);

    // The minor edit: removed and added words, visibly marked, in both languages.
    const edit = page.locator("#v1-edit-1");
    const removed = edit.locator("[data-field=titleRu] del");
    const added = edit.locator("[data-field=titleRu] ins");
    expect(await removed.innerText()).toContain("плн");
    expect(await added.innerText()).toContain("план");
    expect(await removed.isVisible()).toBe(true);
    expect(await added.isVisible()).toBe(true);
    const styles = await removed.evaluate((element) => {
      const style = getComputedStyle(element);
      return { line: style.textDecorationLine, background: style.backgroundColor };
    });
    expect(styles.line).toContain("line-through");
    expect(styles.background).not.toBe("rgba(0, 0, 0, 0)");
    expect(await edit.locator("[data-field=titleKk] ins").innerText()).toContain("саябақ");

    // Version 2 shows what changed from version 1.
    expect(await page.locator("#v2").getByText("Что изменилось по сравнению с версией 1").isVisible()).toBe(true);
    const file = join("test-results", "screenshots", "text-versions.png");
    ensureDir(file);
    await page.screenshot({ path: file, fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("opens a linked minor edit's full text on a phone, and reads without JavaScript", async () => {
    const context = await browser.newContext(phone);
    const { page, problems } = await watchedPage(context);
    await page.goto(`${app.url}/kk/p/${slug}/versions#v1-edit-1`);
    const edit = page.locator("#v1-edit-1");
    await expect.poll(() => edit.locator("details[data-text]").getAttribute("open")).not.toBeNull();
    await expect.poll(() => edit.getByText("Біз саябақ жоспарын ҚОЛДАЙМЫЗ").first().isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();

    const noScript = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${app.url}/ru/p/${slug}/versions`);
    expect(await plain.locator("#v1-edit-1 [data-field=titleRu] del").isVisible()).toBe(true);
    await noScript.close();
  });
});
