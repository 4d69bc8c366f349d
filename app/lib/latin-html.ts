// Turns a Kazakh (Cyrillic) page or mail as rendered into its Kazakh Latin twin (decision 055):
// text and human-readable attributes are transliterated, links into /kk/ lead to /kk-latn/, and
// everything a machine reads (URLs, form values, scripts, styles) stays as it was.
import { hasCyrillic, toLatin } from "~/lib/kazakh-latin.ts";

export const LATIN_PREFIX = "/kk-latn";
/**
 * Set by the /kk-latn/ layer (app/services/latin-pages.server.ts) on requests that came in under
 * that prefix; a copy sent by a client is dropped there, so pages and actions can trust it.
 */
export const LATIN_HEADER = "x-dauys-script";

/** True when the page or action runs for a /kk-latn/ address. */
export function wantsLatin(headers: Headers | Record<string, string | string[] | undefined>) {
  const value = headers instanceof Headers ? headers.get(LATIN_HEADER) : headers[LATIN_HEADER];
  return value === "latn";
}

/** The value of <html lang> and hreflang for the Latin pages. */
export const LATIN_LANG = "kk-Latn";

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
/** Attributes that carry data or addresses, not words for a reader. */
const MACHINE_ATTRS = new Set([
  "value",
  "href",
  "src",
  "srcset",
  "action",
  "formaction",
  "name",
  "id",
  "for",
  "class",
  "style",
  "nonce",
  "integrity",
  "type",
  "autocomplete",
  "pattern",
]);
const LINK_ATTRS = new Set(["href", "action", "formaction"]);

/** `/kk/...` (and the same on our own absolute address) → `/kk-latn/...`; other addresses unchanged. */
export function latinPath(url: string, publicUrl = ""): string {
  if (publicUrl && url.startsWith(publicUrl + "/")) return publicUrl + latinPath(url.slice(publicUrl.length));
  return url.replace(/^\/kk(?=\/|$|\?|#)/, LATIN_PREFIX);
}

/**
 * Latin spellings organizers gave by hand (decision 057), compiled once: a Kazakh title or summary
 * found whole in a text is written as given, the rest of the text is transliterated.
 */
export type LatinSpellings = { pattern: RegExp | null; spelled: ReadonlyMap<string, string> };

const NO_SPELLINGS: LatinSpellings = { pattern: null, spelled: new Map() };

/** The forms a text takes in HTML or XML: as is, and with the characters escaped as React and XML escape them. */
function escapedForms(text: string) {
  const escape = (apostrophe: string) =>
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, apostrophe);
  return [
    { form: text, write: (latin: string) => latin },
    ...["&#x27;", "&#39;", "&apos;"].map((apostrophe) => ({
      form: escape(apostrophe),
      write: (latin: string) =>
        latin
          .replace(/&/g, "&amp;")
          .replace(/</g, "&lt;")
          .replace(/>/g, "&gt;")
          .replace(/"/g, "&quot;")
          .replace(/'/g, apostrophe),
    })),
  ];
}

/** Compiles pairs of (Kazakh Cyrillic text, its Latin spelling); empty spellings are skipped. */
export function latinSpellings(pairs: Iterable<readonly [cyrillic: string, latin: string]>): LatinSpellings {
  const spelled = new Map<string, string>();
  for (const [cyrillic, latin] of pairs) {
    const text = cyrillic.normalize("NFC").trim();
    if (!text || !latin.trim() || !hasCyrillic(text)) continue;
    for (const { form, write } of escapedForms(text)) spelled.set(form, write(latin.trim()));
  }
  if (spelled.size === 0) return NO_SPELLINGS;
  // Longest first, so a summary that begins with its title is spelled as the summary.
  const forms = [...spelled.keys()].sort((a, b) => b.length - a.length);
  const alternatives = forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return { pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, "gu"), spelled };
}

/** Text in Latin script: spellings given by hand where they apply, automatic transliteration elsewhere. */
export function latinText(text: string, spellings: LatinSpellings = NO_SPELLINGS): string {
  const pattern = spellings.pattern;
  if (!pattern || !hasCyrillic(text)) return toLatin(text);
  const nfc = text.normalize("NFC");
  let out = "";
  let last = 0;
  for (const match of nfc.matchAll(pattern)) {
    out += toLatin(nfc.slice(last, match.index)) + spellings.spelled.get(match[0])!;
    last = match.index + match[0].length;
  }
  return last === 0 ? toLatin(text) : out + toLatin(nfc.slice(last));
}

const TOKEN = /<!--[\s\S]*?-->|<(script|style|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>|<\/?[a-zA-Z][^>]*>|[^<]+|</g;
const ATTR = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

type Open = { name: string; keep: boolean };

/**
 * Transliterates an HTML (or Atom) document. Elements with a `lang` other than kk (the language
 * switch, Russian quotations) and `data-script="keep"` (quoted user content) are left alone, and
 * so are links that name their language with `hreflang`. `dropScripts` removes every script but
 * public/page.js: the React runtime would put the Cyrillic text back when it hydrates.
 */
export function latinHtml(
  html: string,
  options: { publicUrl?: string; dropScripts?: boolean; spellings?: LatinSpellings } = {},
): string {
  const publicUrl = options.publicUrl ?? "";
  const latin = (text: string) => latinText(text, options.spellings);
  const stack: Open[] = [];
  const keeping = () => stack.length > 0 && stack[stack.length - 1].keep;
  let out = "";
  for (const match of html.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith("<!--") || token === "<") {
      out += token;
    } else if (match[1]) {
      out += rawElement(token, match[1].toLowerCase(), keeping(), options.dropScripts ?? false, publicUrl, latin);
    } else if (token.startsWith("</")) {
      const name = token
        .slice(2)
        .replace(/[\s>].*$/s, "")
        .toLowerCase();
      const at = stack.map((open) => open.name).lastIndexOf(name);
      if (at !== -1) stack.length = at;
      out += token;
    } else if (token.startsWith("<")) {
      const { tag, name, keep } = openTag(token, keeping(), publicUrl, latin);
      if (!VOID.has(name) && !token.endsWith("/>")) stack.push({ name, keep });
      out += tag;
    } else {
      out += keeping() ? token : latin(token);
    }
  }
  return out;
}

type Latin = (text: string) => string;

function rawElement(token: string, name: string, keep: boolean, dropScripts: boolean, publicUrl: string, latin: Latin) {
  // Styles, and text typed into a field (it is sent back as typed), stay as they are; a read-only
  // field is text the page offers (the embed code to copy), in the page's script.
  if (name === "textarea" && !keep && /^<textarea\b[^>]*\sreadonly\b/i.test(token)) {
    const start = token.indexOf(">") + 1;
    const end = token.lastIndexOf("</");
    return token.slice(0, start) + latin(token.slice(start, end)) + token.slice(end);
  }
  if (name !== "script" || keep) return token;
  const ldJson = /type\s*=\s*"application\/ld\+json"/i.test(token);
  if (ldJson) {
    const start = token.indexOf(">") + 1;
    const end = token.lastIndexOf("</");
    try {
      const data = latinJson(JSON.parse(token.slice(start, end)), publicUrl, latin);
      return token.slice(0, start) + JSON.stringify(data).replace(/</g, "\\u003c") + token.slice(end);
    } catch {
      return token;
    }
  }
  if (dropScripts && !/\ssrc\s*=\s*"\/page\.js"/.test(token)) return "";
  return token;
}

/** Strings of structured data: words transliterated, our addresses moved to the Latin pages. */
function latinJson(value: unknown, publicUrl: string, latin: Latin): unknown {
  if (typeof value === "string")
    return /^(https?:)?\/\//.test(value) || value.startsWith("/") ? latinPath(value, publicUrl) : latin(value);
  if (Array.isArray(value)) return value.map((item) => latinJson(item, publicUrl, latin));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, latinJson(item, publicUrl, latin)]));
  return value;
}

function openTag(token: string, parentKeeps: boolean, publicUrl: string, latin: Latin) {
  const name = /^<([a-zA-Z][\w-]*)/.exec(token)![1].toLowerCase();
  const attrs = [...token.slice(name.length + 1).matchAll(ATTR)].filter((m) => m[1] !== "/");
  const get = (attr: string) => {
    const found = attrs.find((m) => m[1].toLowerCase() === attr);
    return found ? (found[2] ?? found[3] ?? found[4] ?? "") : undefined;
  };
  const lang = get("lang");
  const keep =
    parentKeeps || get("data-script") === "keep" || (lang !== undefined && lang !== "" && !/^kk(-|$)/i.test(lang));
  const namesItsLanguage = get("hreflang") !== undefined;
  const isMeta = name === "meta";
  const canonical = name === "link" && get("rel") === "canonical";
  let tag = `<${name}`;
  for (const m of attrs) {
    const attr = m[1];
    const lower = attr.toLowerCase();
    let value = m[2] ?? m[3] ?? m[4];
    if (value !== undefined) {
      if ((lower === "lang" || lower === "xml:lang") && /^kk$/i.test(value) && !keep) value = LATIN_LANG;
      else if (LINK_ATTRS.has(lower)) {
        if (!namesItsLanguage || canonical) value = latinPath(value, publicUrl);
      } else if (isMeta && lower === "content" && /^(https?:)?\/\//.test(value)) {
        if (/og:url/.test(get("property") ?? "")) value = latinPath(value, publicUrl);
      } else if (!keep && !MACHINE_ATTRS.has(lower)) value = latin(value);
    }
    tag += value === undefined ? ` ${attr}` : ` ${attr}="${value.replace(/"/g, "&quot;")}"`;
  }
  tag += token.endsWith("/>") ? "/>" : ">";
  return { tag, name, keep };
}

/** A mail rendered in Kazakh, in Latin script: words transliterated, our /kk/ links moved to /kk-latn/. */
export function latinMail<M extends { subject: string; text: string; html: string; headers?: Record<string, string> }>(
  mail: M,
  publicUrl: string,
  spellings?: LatinSpellings,
): M {
  const links = (text: string) => text.split(`${publicUrl}/kk/`).join(`${publicUrl}${LATIN_PREFIX}/`);
  return {
    ...mail,
    subject: latinText(mail.subject, spellings),
    text: links(latinText(mail.text, spellings)),
    html: links(latinHtml(mail.html, { publicUrl, spellings })),
    ...(mail.headers
      ? { headers: Object.fromEntries(Object.entries(mail.headers).map(([name, value]) => [name, links(value)])) }
      : {}),
  };
}
