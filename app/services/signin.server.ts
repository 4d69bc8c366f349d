// Limits on workspace sign-in (docs/abuse-rules.md, decision 030). Mail is limited per requester
// (address × IP address, and IP address), so that strangers cannot use up an owner's allowance;
// a higher cap per address keeps the site from being a mail cannon, and codes already sent keep
// working past it. The owner's own browser, known from an earlier sign-in, is not held by the cap.
// Typed codes are limited per IP address, and each code allows SIGNIN_CODE_TRIES comparisons.
import { createCookie } from "@remix-run/node";
import { config } from "~/config.server.ts";
import type { Locale } from "~/i18n.ts";
import { keyedHash } from "~/lib/tokens.server.ts";
import {
  createSignInCode,
  reserveCodeTries,
  SIGNIN_CODE_TTL_MS,
  signInWithReservedCode,
  type SignedIn,
} from "~/models/user.server.ts";
import { kickOutbox } from "~/services/mail/outbox.server.ts";
import { signInMail } from "~/services/mail/templates.server.tsx";
import { allow, allowEach } from "~/services/rate-limit.server.ts";

export type SignInMailVerdict =
  | { verdict: "send" }
  /** This IP address asked too often (for this address, or for any). */
  | { verdict: "requester-limited" }
  /** Enough codes went to this address; one sent less than a code's lifetime ago still works. */
  | { verdict: "address-capped"; retryMinutes: number };

const ipKey = (clientIp: string) => keyedHash(config().sessionSecret, `ip:${clientIp}`);
const addressKey = (email: string) => keyedHash(config().sessionSecret, `signin:${email}`);
const knownKey = (email: string) => keyedHash(config().sessionSecret, `known:${email}`);
const minutesLeftIn = (windowMs: number, now: number) => Math.max(1, Math.ceil((windowMs - (now % windowMs)) / 60_000));

/**
 * Counts a request for a code and says whether to mail one. Unknown addresses are counted like
 * known ones, so the answers tell nobody which addresses have accounts.
 *
 * Past the address's cap, one more code goes out per window as long as a code lives (15 minutes):
 * so whenever the cap refuses, a code was mailed to the address in the current window, less than
 * 15 minutes ago, and its link still works even if strangers used up its tries.
 */
export async function signInMailVerdict(input: {
  email: string;
  clientIp: string;
  knownBrowser: boolean;
}): Promise<SignInMailVerdict> {
  const cfg = config();
  const now = Date.now();
  const ip = ipKey(input.clientIp);
  const address = addressKey(input.email);
  const [ipAllowed, requesterAllowed] = await allowEach(
    [
      { name: "signin-ip", ...cfg.signinMailIp },
      { name: "signin-requester", ...cfg.signinMailRequester, key: `${address}:${ip}` },
    ],
    ip,
    now,
  );
  if (!ipAllowed || !requesterAllowed) return { verdict: "requester-limited" };
  // Requests refused above do not count towards the address's cap: they send nothing.
  if (input.knownBrowser) return { verdict: "send" };
  if (await allow({ name: "signin-address", ...cfg.signinMailAddress }, address, now)) return { verdict: "send" };
  const lifetime = { name: "signin-address-lifetime", limit: 1, windowMs: SIGNIN_CODE_TTL_MS };
  if (await allow(lifetime, address, now)) return { verdict: "send" };
  return { verdict: "address-capped", retryMinutes: minutesLeftIn(lifetime.windowMs, now) };
}

/**
 * Mails a sign-in code and link, in the page's language, if the address belongs to an active user;
 * the caller says nothing either way.
 */
export async function requestSignIn(email: string, locale: Locale) {
  const mailed = await createSignInCode(email, ({ to, code, link }) =>
    signInMail({ to, locale, code, linkUrl: `${config().publicUrl}/${locale}/signin/link/${link}` }),
  );
  // Queued mail is visible once the transaction committed: the worker is woken now.
  if (mailed) kickOutbox();
  return mailed;
}

export type CodeOutcome =
  | { outcome: "signed-in"; signedIn: SignedIn }
  | { outcome: "invalid" }
  | { outcome: "too-many-tries"; minutes: number };

/**
 * A typed code: counted against this IP address (whatever address it is for), then a try of each
 * live code is taken, and only then compared.
 */
export async function checkSignInCode(input: { email: string; code: string; clientIp: string }): Promise<CodeOutcome> {
  const now = Date.now();
  const rule = { name: "signin-code-ip", ...config().signinCodeIp };
  if (!(await allow(rule, ipKey(input.clientIp), now)))
    return { outcome: "too-many-tries", minutes: minutesLeftIn(rule.windowMs, now) };
  if (!/^\d{6}$/.test(input.code)) return { outcome: "invalid" };
  const signedIn = await signInWithReservedCode(await reserveCodeTries(input.email, new Date(now)), input.code);
  return signedIn ? { outcome: "signed-in", signedIn } : { outcome: "invalid" };
}

// ---- known browsers ----

const KNOWN_PER_BROWSER = 5;
let knownCookie: ReturnType<typeof createCookie> | undefined;
function knownBrowserCookie() {
  knownCookie ??= createCookie("dauys_known", {
    httpOnly: true,
    sameSite: "lax",
    secure: config().production,
    path: "/",
    maxAge: Math.floor(config().signinKnownBrowserMs / 1000),
    secrets: [config().sessionSecret],
  });
  return knownCookie;
}

/** Keyed hashes of the addresses that signed in on this browser (signed cookie; forged = none). */
async function knownAddresses(request: Request): Promise<string[]> {
  const value: unknown = await knownBrowserCookie().parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}

export async function isKnownBrowser(request: Request, email: string) {
  return (await knownAddresses(request)).includes(knownKey(email));
}

/** The Set-Cookie value that marks this browser as known for the address (after a sign-in). */
export async function rememberBrowser(request: Request, email: string) {
  const key = knownKey(email);
  const others = (await knownAddresses(request)).filter((entry) => entry !== key);
  return knownBrowserCookie().serialize([key, ...others].slice(0, KNOWN_PER_BROWSER));
}
