// Every workspace page of a petition, opened in Chromium with JavaScript, in both languages:
// no hydration errors, no script errors. (A page component that reads a value from a .server
// module gets `undefined` in the browser and breaks only here, never in server-side tests.)
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { signIn } from "../support/workspace.ts";
import { launchBrowser, phone, watchedPage } from "./browser.ts";

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startTestApp({ env: { RATE_LIMITS: "off" } })]);
  await app.module.createAdmin("pages-admin@example.kz");
  // A held signature, so the held queue has a row with its removal-reason choices.
  await postForm(`${app.url}/kk/p/fair-elections-petition`, {
    ...signer({ email: "held@example.kz" }),
    started: `${Date.now()}.forged`,
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe(`workspace pages in a browser (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("open without script or hydration errors in kk and ru", async () => {
    const session = await signIn(app, "pages-admin@example.kz");
    const id = (
      await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = 'fair-elections-petition'`)
    )[0].id;
    const orgId = (
      await app.db.query<{ id: string }>(`SELECT "id" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`)
    )[0].id;
    const context = await browser.newContext(phone);
    const [name, value] = session.cookie.split("=");
    await context.addCookies([{ name: name!, value: value!, url: app.url }]);
    const { page, problems } = await watchedPage(context);
    const base = `/workspace/publications/${id}`;
    const paths = [
      "/workspace",
      "/workspace/moderation",
      "/workspace/audit",
      "/workspace/admin",
      "/workspace/admin/organizations/new",
      `/workspace/admin/organizations/${orgId}`,
      `/workspace/admin/confirm?intent=deactivateOrganization&organization=${orgId}`,
      "/workspace/publications/new",
      base,
      `${base}/edit`,
      `${base}/response`,
      `${base}/moderation?domain=example.kz`,
      `${base}/paper`,
      `${base}/updates`,
      `${base}/export`,
      `${base}/status?transition=close`,
    ];
    for (const lang of ["kk", "ru"]) {
      for (const path of paths) {
        const response = await page.goto(`${app.url}/${lang}${path}`, { waitUntil: "networkidle" });
        expect(response?.status(), path).toBe(200);
      }
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
