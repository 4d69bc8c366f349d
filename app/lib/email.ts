// Canonical email addresses: one signature per person per petition, however the address is
// written. Mail is still sent to the address as typed.

const gmailDomains = new Set(["gmail.com", "googlemail.com"]);
// Yandex serves one mailbox under all of these domains.
const yandexDomains = new Set(["yandex.ru", "yandex.kz", "yandex.com", "yandex.by", "yandex.ua", "ya.ru", "narod.ru"]);
// Providers where "+tag" is a sub-address of the same mailbox.
const plusTagDomains = new Set([
  ...gmailDomains,
  ...yandexDomains,
  "outlook.com",
  "hotmail.com",
  "live.com",
  "icloud.com",
  "me.com",
  "proton.me",
  "protonmail.com",
  "fastmail.com",
]);

export function canonicalEmail(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at < 1) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1).replace(/\.$/, "");
  if (plusTagDomains.has(domain)) local = local.replace(/\+.*$/, "");
  if (gmailDomains.has(domain)) {
    local = local.replace(/\./g, "");
    domain = "gmail.com";
  }
  if (yandexDomains.has(domain)) {
    // Yandex treats dots and hyphens in logins as the same character.
    local = local.replace(/\./g, "-");
    domain = "yandex.ru";
  }
  return `${local}@${domain}`;
}

/** The domain part, for abuse statistics: never the whole address. */
export function emailDomain(address: string) {
  return canonicalEmail(address).split("@")[1] ?? "";
}

/**
 * The mailbox an address reaches, for capping mail: the canonical address with any "+tag" cut
 * off whatever the provider (an attacker's tags must not multiply one victim's budget).
 */
export function mailboxOf(address: string): string {
  const canonical = canonicalEmail(address);
  const at = canonical.lastIndexOf("@");
  return at < 1 ? canonical : `${canonical.slice(0, at).replace(/\+.*$/, "")}${canonical.slice(at)}`;
}

/** An address shown back to its owner without giving it away: "a•••@mail.kz". */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${[...address.slice(0, at)][0]}•••@${address.slice(at + 1)}`;
}
