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

export const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

/** A page that records console errors and uncaught exceptions, so a test can insist there are none. */
export type WatchedPage = { page: Page; problems: string[] };

export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  // React reports one hydration error per mismatching node: the same line many times. Keep one,
  // with a count.
  const note = (line: string) => {
    const index = problems.findIndex((seen) => seen === line || seen.startsWith(`${line} ×`));
    if (index < 0) return void problems.push(line);
    const count = Number(/ ×(\d+)$/.exec(problems[index]!)?.[1] ?? 1) + 1;
    problems[index] = `${line} ×${count}`;
  };
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location()?.url ?? "";
    note(`console.error at ${page.url()}: ${firstLine(message.text())}${where ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (error) => note(`uncaught exception at ${page.url()}: ${firstLine(error.message)}`));
  return { page, problems };
}

// Production React only gives numbers; name the ones a server/browser mismatch produces.
const reactErrors: Record<string, string> = {
  "418": "hydration failed: server HTML does not match the browser's first render",
  "423": "hydration error: React dropped the server HTML and re-rendered the whole root in the browser",
  "425": "hydration failed: text content does not match the server-rendered HTML",
};

const firstLine = (text: string) =>
  text
    .split("\n")[0]!
    .replace(/; visit https:\/\/reactjs\.org\/docs\/error-decoder\.html.*$/, "")
    .replace(/Minified React error #(\d+)/, (all, code: string) =>
      reactErrors[code] ? `${all} (${reactErrors[code]})` : all,
    );

/** The number in a text, whatever grouping characters (spaces, NBSP, thin spaces) it uses. */
export function digits(text: string | null | undefined) {
  const only = (text ?? "").replace(/\D/g, "");
  if (!only) throw new Error(`no number in ${JSON.stringify(text)}`);
  return Number(only);
}

/**
 * Navigates and waits until the petition page's script runs: the live-count stream is opened by
 * it (public/page.js; on hydrated pages by an effect), so its response means the page is live.
 */
export async function gotoHydratedPetition(page: Page, url: string) {
  const stream = page.waitForResponse(
    (response) => /\/api\/v1\/petitions\/[^/]+\/events$/.test(new URL(response.url()).pathname),
    { timeout: 15_000 },
  );
  await page.goto(url);
  await stream;
}

export function ensureDir(file: string) {
  mkdirSync(dirname(file), { recursive: true });
}
