import { describe, expect, it } from "vitest";
import { editDistance, onlyTypoFixes, shownDiff, wordDiff, words } from "~/lib/word-diff.ts";

const rebuilt = (parts: { kind: string; text: string }[], side: "before" | "after") =>
  parts
    .filter((part) => part.kind !== (side === "before" ? "added" : "removed"))
    .map((part) => part.text)
    .join("");

describe("word diff", () => {
  it("splits Kazakh and Russian into words, spaces and punctuation that join back into the text", () => {
    expect(words("Біз саябақ жоспарын ҚОЛДАЙМЫЗ!", "kk")).toEqual([
      "Біз",
      " ",
      "саябақ",
      " ",
      "жоспарын",
      " ",
      "ҚОЛДАЙМЫЗ",
      "!",
    ]);
    expect(words("Мы, жители, «за».").join("")).toBe("Мы, жители, «за».");
  });

  it("marks whole words, not letters: ҚОЛДАЙМЫЗ → ҚАРСЫМЫЗ is one word replaced", () => {
    const parts = wordDiff("Біз саябақ жоспарын ҚОЛДАЙМЫЗ.", "Біз саябақ жоспарына ҚАРСЫМЫЗ.", { locale: "kk" });
    expect(parts).toEqual([
      { kind: "same", text: "Біз саябақ " },
      { kind: "removed", text: "жоспарын ҚОЛДАЙМЫЗ" },
      { kind: "added", text: "жоспарына ҚАРСЫМЫЗ" },
      { kind: "same", text: "." },
    ]);
  });

  it("gives both texts back exactly, whatever changed", () => {
    const before = "Мы ПОДДЕРЖИВАЕМ план парка.\n\nПарк нужен городу, и мы просим его сохранить.";
    const after = "Мы ПРОТИВ плана парка.\n\nГороду нужен сквер, и мы просим его сохранить!";
    const parts = wordDiff(before, after);
    expect(rebuilt(parts, "before")).toBe(before);
    expect(rebuilt(parts, "after")).toBe(after);
    expect(parts.some((part) => part.kind === "same" && part.text.includes("и мы просим его сохранить"))).toBe(true);
  });

  it("finds a small change in a long text, and rebuilds a complete rewrite exactly", () => {
    const long = Array.from({ length: 6_000 }, (_, i) => `сөз${i % 97}`).join(" ");
    const small = wordDiff(long, long.replace("сөз5 ", "сөз5 жаңа "));
    expect(small.filter((part) => part.kind !== "same")).toEqual([{ kind: "added", text: "жаңа " }]);
    const rewrite = wordDiff(long, long.split(" ").reverse().join(" "), { maxEdits: 500 });
    expect(rebuilt(rewrite, "after")).toBe(long.split(" ").reverse().join(" "));
  });

  it("shows long unchanged stretches by their ends only", () => {
    const before = `${"а ".repeat(300)}старое ${"б ".repeat(300)}`;
    const shown = shownDiff(wordDiff(before, before.replace("старое", "новое")), 20);
    expect(shown.map((part) => part.kind)).toEqual(["gap", "same", "removed", "added", "same", "gap"]);
    expect(shown.filter((part) => part.kind === "same").every((part) => part.text.length <= 50)).toBe(true);
  });

  it("tells typo fixes from changes of meaning", () => {
    // Typos, spacing, punctuation, a fixed link: minor.
    expect(onlyTypoFixes("Камера на каждом учатске.", "Камера на каждом участке!")).toBe(true);
    expect(onlyTypoFixes("Алмты қаласында  сайлау", "Алматы қаласында сайлау", "kk")).toBe(true);
    expect(onlyTypoFixes("См. https://example.kz/protocl", "См. https://example.kz/protocol")).toBe(true);
    // A word replaced by another, a negation added, a word removed: not minor, however short.
    expect(onlyTypoFixes("We SUPPORT the park plan", "We OPPOSE the park plan", "en")).toBe(false);
    expect(onlyTypoFixes("Саябақ жоспарын ҚОЛДАЙМЫЗ", "Саябақ жоспарына ҚАРСЫМЫЗ", "kk")).toBe(false);
    expect(onlyTypoFixes("Мы ПОДДЕРЖИВАЕМ план", "Мы ПРОТИВ плана")).toBe(false);
    expect(onlyTypoFixes("Мы поддерживаем план", "Мы не поддерживаем план")).toBe(false);
    expect(onlyTypoFixes("Мы требуем отставки", "Мы требуем")).toBe(false);
    expect(onlyTypoFixes("сто тысяч", "сто тысяч")).toBe(true);
    // Numbers are facts: none changes in a minor edit.
    expect(onlyTypoFixes("10 000 подписей", "100 000 подписей")).toBe(false);
    expect(onlyTypoFixes("до 1 марта 2027", "до 1 марта 2028")).toBe(false);
  });

  it("counts edits as a person sees them (a swap of two letters is one)", () => {
    expect(editDistance("участке", "учатске")).toBe(1);
    expect(editDistance("SUPPORT", "OPPOSE")).toBeGreaterThan(2);
    expect(editDistance("", "абв")).toBe(3);
  });
});
