// Abuse rules for the signing form (docs/abuse-rules.md). Rule breakers are not told: they see
// the same pages and get the same mails, but their signatures are flagged and never counted
// until a moderator releases them. Only a flood is refused outright (429).
import { createRequire } from "node:module";
import { config } from "~/config.server.ts";
import { keyedHash } from "~/lib/tokens.server.ts";
import { allowEach } from "~/services/rate-limit.server.ts";

/** A real person needs longer than this to fill in the form. */
const MIN_FILL_MS = 2_000;

export type Verdict = { block: boolean; flag: string | null };

export async function judgeSubmission(input: {
  ipHash: string | null;
  publicationId: string;
  stamp: string | undefined;
  now?: number;
}): Promise<Verdict> {
  const now = input.now ?? Date.now();
  const cfg = config();
  let flag: string | null = stampFlag(input.stamp, now);
  if (input.ipHash) {
    const key = `${input.ipHash}:${input.publicationId}`;
    // Counted together (blocked attempts count towards the flag rules too: they are the same sender).
    const [blockOk, burstOk, sustainedOk, requesterOk] = await allowEach(
      [
        { name: "sign-block", ...cfg.signBlock },
        { name: "sign-burst", ...cfg.signFlagBurst },
        { name: "sign-sustained", ...cfg.signFlagSustained },
        // Across every petition: one sender cannot make the site mail thousands of addresses.
        { name: "sign-requester", ...cfg.signRequesterBlock, key: input.ipHash },
      ],
      key,
      now,
    );
    if (!blockOk || !requesterOk) return { block: true, flag };
    flag ??= !burstOk ? "rate-burst" : !sustainedOk ? "rate-sustained" : null;
  }
  return { block: false, flag };
}

/** The form carries `started`: the time it was rendered, signed, so it cannot be forged. */
export function formStamp(now = Date.now()) {
  return `${now}.${keyedHash(config().sessionSecret, `stamp:${now}`)}`;
}

function stampFlag(stamp: string | undefined, now: number): string | null {
  // No stamp: the form was not rendered by us (a script, or a page from before it existed). That
  // proves no more than a form sent too fast: held for a moderator, not refused.
  if (!stamp) return "too-fast";
  const [time, mac] = stamp.split(".");
  const started = Number(time);
  if (!Number.isSafeInteger(started) || mac !== keyedHash(config().sessionSecret, `stamp:${started}`))
    return "tampered";
  // Rendered "in the future" beyond clock drift between instances: not a real page view.
  if (started > now + 60_000) return "tampered";
  return now - started < MIN_FILL_MS ? "too-fast" : null;
}

const require = createRequire(import.meta.url);
let disposable: { exact: Set<string>; wildcard: Set<string> } | undefined;

/** Throwaway-mail domains, from the maintained `disposable-email-domains` list on npm. */
export function isDisposableDomain(domain: string) {
  if (!config().rejectDisposableEmails) return false;
  disposable ??= {
    exact: new Set(require("disposable-email-domains/index.json") as string[]),
    wildcard: new Set(require("disposable-email-domains/wildcard.json") as string[]),
  };
  const name = domain.toLowerCase();
  if (disposable.exact.has(name)) return true;
  const parts = name.split(".");
  for (let index = 1; index < parts.length - 1; index++) {
    if (disposable.wildcard.has(parts.slice(index).join("."))) return true;
  }
  return disposable.wildcard.has(name);
}
