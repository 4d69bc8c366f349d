// A strict enough well-formedness check for the XML the app writes (Atom feeds, SVG badges): what
// an XML 1.0 parser would refuse first. Returns the first problem, or null.
const notXmlCharacter = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const predefined = new Set(["amp", "lt", "gt", "quot", "apos"]);
const name = "[A-Za-z_][\\w:.-]*";
const attribute = `\\s+${name}\\s*=\\s*(?:"[^"<]*"|'[^'<]*')`;
const tag = new RegExp(`<(/?)(${name})((?:${attribute})*)\\s*(/?)>`, "gy");

export function xmlProblem(text: string): string | null {
  const bad = notXmlCharacter.exec(text);
  if (bad) return `character U+${bad[0].codePointAt(0)!.toString(16).padStart(4, "0")} at ${bad.index}`;
  for (const reference of text.matchAll(/&([^;&\s]*)(;?)/g)) {
    const [whole, body, semicolon] = reference;
    if (!semicolon) return `unterminated reference ${JSON.stringify(whole)}`;
    const code = /^#x([0-9a-fA-F]+)$/.exec(body)?.[1] ?? /^#(\d+)$/.exec(body)?.[1];
    if (body.startsWith("#")) {
      const point = body.startsWith("#x") ? parseInt(code ?? "", 16) : Number(code);
      if (!Number.isInteger(point) || point > 0x10ffff || notXmlCharacter.test(String.fromCodePoint(point)))
        return `reference to a character XML does not allow: ${whole}`;
    } else if (!predefined.has(body)) return `undeclared entity ${whole}`;
  }
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "").replace(/<!--[\s\S]*?-->/g, "");
  const open: string[] = [];
  let roots = 0;
  let index = 0;
  while (index < body.length) {
    const next = body.indexOf("<", index);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(body);
    if (!match) return `malformed tag at ${next}: ${JSON.stringify(body.slice(next, next + 40))}`;
    const [, closing, tagName, , selfClosing] = match;
    if (closing) {
      if (open.pop() !== tagName) return `</${tagName}> does not close the open element`;
    } else if (!selfClosing) {
      if (open.length === 0) roots++;
      open.push(tagName);
    } else if (open.length === 0) roots++;
    index = tag.lastIndex;
  }
  if (open.length) return `unclosed <${open.at(-1)}>`;
  if (roots !== 1) return `${roots} root elements`;
  return null;
}
