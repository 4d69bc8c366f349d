// Characters XML 1.0 does not allow at all, not even as &#…;: C0 controls but TAB, LF and CR,
// lone surrogates, U+FFFE and U+FFFF. Forms refuse them (app/lib/text-rules.ts); older stored
// texts may still hold some, and one of them made a whole feed or image unreadable.
const notXmlCharacter = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Drops what XML (and so HTML and mail) cannot carry; everything else stays as it is. */
export function dropNonXmlCharacters(value: string) {
  return value.replace(notXmlCharacter, "");
}

/** Escapes text for XML (feeds, SVG) element content and double-quoted attributes, dropping what XML cannot carry. */
export function escapeXml(value: string) {
  return dropNonXmlCharacters(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Escapes text for HTML element content and double-quoted attributes (the same rules as XML). */
export function escapeHtml(value: string) {
  return escapeXml(value);
}
