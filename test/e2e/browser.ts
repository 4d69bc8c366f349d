// Browser helpers for the end-to-end tests: Debian's Chromium driven by playwright-core.
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

export const chromiumPath = process.env.DAUYS_CHROMIUM ?? "/usr/bin/chromium";

/** Launches headless Chromium; fails (never skips) when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: the browser tests need it. Install it with \`apt-get install -y chromium\` ` +
        `(or point DAUYS_CHROMIUM at a Chromium binary).`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export const phone: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

/** A page that records console errors and uncaught exceptions, so a test can insist there are none. */
export type WatchedPage = { page: Page; problems: string[] };

export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location()?.url ?? "";
    problems.push(`console.error at ${page.url()}: ${message.text()}${where ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught exception at ${page.url()}: ${error.stack ?? error.message}`));
  return { page, problems };
}

/** The number in a text, whatever grouping characters (spaces, NBSP, thin spaces) it uses. */
export function digits(text: string | null | undefined) {
  const only = (text ?? "").replace(/\D/g, "");
  if (!only) throw new Error(`no number in ${JSON.stringify(text)}`);
  return Number(only);
}

/**
 * Navigates and waits until the petition page has hydrated: the live-count stream is opened by an
 * effect, so its response means React is running on the page.
 */
export async function gotoHydratedPetition(page: Page, url: string) {
  const stream = page.waitForResponse((response) => /\/api\/v1\/petitions\/[^/]+\/events$/.test(new URL(response.url()).pathname), { timeout: 15_000 });
  await page.goto(url);
  await stream;
}

export function ensureDir(file: string) {
  mkdirSync(dirname(file), { recursive: true });
}
