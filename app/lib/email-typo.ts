// "Did you mean …@gmail.com?": the mail domains people in Kazakhstan use most, and the nearest of
// them to a mistyped domain (decision 048). Pure and shared: the server's answer uses it, and
// public/page.js runs the same rule (same list, sent in the form's data) as people type.

/** Most used first: on a tie the earlier one is suggested. */
export const COMMON_MAIL_DOMAINS = [
  "mail.ru",
  "gmail.com",
  "inbox.ru",
  "list.ru",
  "bk.ru",
  "internet.ru",
  "yandex.ru",
  "yandex.kz",
  "ya.ru",
  "mail.kz",
  "icloud.com",
  "outlook.com",
  "hotmail.com",
  "yahoo.com",
  "rambler.ru",
  "me.com",
  "live.com",
  // Real domains near the ones above: listed so they are never "corrected" into them.
  "mail.com",
  "googlemail.com",
  "yandex.com",
  "proton.me",
  "protonmail.com",
  "mac.com",
] as const;

const known = new Set<string>(COMMON_MAIL_DOMAINS);

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string) {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  return rows[a.length][b.length];
}

/**
 * The address with its domain corrected to a common one, or null when the domain is a common one
 * already or none is near. Short domains (bk.ru, ya.ru) allow one slip, longer ones two, so that
 * real domains (a university's, a company's) are left alone.
 */
export function suggestEmail(address: string): string | null {
  const at = address.lastIndexOf("@");
  if (at < 1) return null;
  const local = address.slice(0, at);
  const domain = address
    .slice(at + 1)
    .trim()
    .toLowerCase();
  if (!domain || known.has(domain)) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of COMMON_MAIL_DOMAINS) {
    const distance = editDistance(domain, candidate);
    const allowed = candidate.length <= 6 ? 1 : 2;
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? `${local}@${best}` : null;
}
