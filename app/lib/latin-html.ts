// Turns a Kazakh (Cyrillic) page or mail as rendered into its Kazakh Latin twin (decision 055):
// text and human-readable attributes are transliterated, links into /kk/ lead to /kk-latn/, and
// everything a machine reads (URLs, form values, scripts, styles) stays as it was.
import { toLatin } from "~/lib/kazakh-latin.ts";

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

const TOKEN = /<!--[\s\S]*?-->|<(script|style|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>|<\/?[a-zA-Z][^>]*>|[^<]+|</g;
const ATTR = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

type Open = { name: string; keep: boolean };

/**
 * Transliterates an HTML (or Atom) document. Elements with a `lang` other than kk (the language
 * switch, Russian quotations) and `data-script="keep"` (quoted user content) are left alone, and
 * so are links that name their language with `hreflang`. `dropScripts` removes every script but
 * public/page.js: the React runtime would put the Cyrillic text back when it hydrates.
 */
export function latinHtml(html: string, options: { publicUrl?: string; dropScripts?: boolean } = {}): string {
  const publicUrl = options.publicUrl ?? "";
  const stack: Open[] = [];
  const keeping = () => stack.length > 0 && stack[stack.length - 1].keep;
  let out = "";
  for (const match of html.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith("<!--") || token === "<") {
      out += token;
    } else if (match[1]) {
      out += rawElement(token, match[1].toLowerCase(), keeping(), options.dropScripts ?? false, publicUrl);
    } else if (token.startsWith("</")) {
      const name = token
        .slice(2)
        .replace(/[\s>].*$/s, "")
        .toLowerCase();
      const at = stack.map((open) => open.name).lastIndexOf(name);
      if (at !== -1) stack.length = at;
      out += token;
    } else if (token.startsWith("<")) {
      const { tag, name, keep } = openTag(token, keeping(), publicUrl);
      if (!VOID.has(name) && !token.endsWith("/>")) stack.push({ name, keep });
      out += tag;
    } else {
      out += keeping() ? token : toLatin(token);
    }
  }
  return out;
}

function rawElement(token: string, name: string, keep: boolean, dropScripts: boolean, publicUrl: string) {
  // Styles, and text typed into a field (it is sent back as typed), stay as they are; a read-only
  // field is text the page offers (the embed code to copy), in the page's script.
  if (name === "textarea" && !keep && /^<textarea\b[^>]*\sreadonly\b/i.test(token)) {
    const start = token.indexOf(">") + 1;
    const end = token.lastIndexOf("</");
    return token.slice(0, start) + toLatin(token.slice(start, end)) + token.slice(end);
  }
  if (name !== "script" || keep) return token;
  const ldJson = /type\s*=\s*"application\/ld\+json"/i.test(token);
  if (ldJson) {
    const start = token.indexOf(">") + 1;
    const end = token.lastIndexOf("</");
    try {
      const data = latinJson(JSON.parse(token.slice(start, end)), publicUrl);
      return token.slice(0, start) + JSON.stringify(data).replace(/</g, "\\u003c") + token.slice(end);
    } catch {
      return token;
    }
  }
  if (dropScripts && !/\ssrc\s*=\s*"\/page\.js"/.test(token)) return "";
  return token;
}

/** Strings of structured data: words transliterated, our addresses moved to the Latin pages. */
function latinJson(value: unknown, publicUrl: string): unknown {
  if (typeof value === "string")
    return /^(https?:)?\/\//.test(value) || value.startsWith("/") ? latinPath(value, publicUrl) : toLatin(value);
  if (Array.isArray(value)) return value.map((item) => latinJson(item, publicUrl));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, latinJson(item, publicUrl)]));
  return value;
}

function openTag(token: string, parentKeeps: boolean, publicUrl: string) {
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
      } else if (!keep && !MACHINE_ATTRS.has(lower)) value = toLatin(value);
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
): M {
  const links = (text: string) => text.split(`${publicUrl}/kk/`).join(`${publicUrl}${LATIN_PREFIX}/`);
  return {
    ...mail,
    subject: toLatin(mail.subject),
    text: links(toLatin(mail.text)),
    html: links(latinHtml(mail.html, { publicUrl })),
    ...(mail.headers
      ? { headers: Object.fromEntries(Object.entries(mail.headers).map(([name, value]) => [name, links(value)])) }
      : {}),
  };
}
