import { describe, expect, it } from "vitest";
import { escapeXml } from "./html.ts";
import { hasControlCharacters } from "./text-rules.ts";

describe("typed text", () => {
  it("refuses control characters but keeps tabs, line breaks and every script", () => {
    for (const text of ["Айгүл Серікқызы", "Қазақ тілі\nжәне\r\nорыс тілі\tбірге", "emoji 🗳️ ok", "«Ашық хаттама» №1"])
      expect(hasControlCharacters(text), text).toBe(false);
    for (const text of [
      "a\u0000b",
      "a\u0001b",
      "a\u000bb",
      "a\u001bb",
      "a\u007fb",
      "a\u0085b",
      "a\ufffeb",
      "a\ud800b",
      "a\udc00",
    ])
      expect(hasControlCharacters(text), JSON.stringify(text)).toBe(true);
  });

  it("writes XML that parsers accept whatever the stored text holds", () => {
    expect(escapeXml("Бақылау\u0001\u0008\u000b\u001f\ufffe таңбалары <b>&")).toBe(
      "Бақылау таңбалары &#60;b&#62;&#38;",
    );
    expect(escapeXml("a\ud800b 🗳️\tc\n")).toBe("ab 🗳️\tc\n");
  });
});
