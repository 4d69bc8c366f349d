import { describe, expect, it } from "vitest";
import { shownDiff, wordDiff, words } from "~/lib/word-diff.ts";

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

  it("stays fast on a long text with a small change, and on a complete rewrite", () => {
    const long = Array.from({ length: 6_000 }, (_, i) => `сөз${i % 97}`).join(" ");
    const started = performance.now();
    const small = wordDiff(long, long.replace("сөз5 ", "сөз5 жаңа "));
    expect(small.filter((part) => part.kind !== "same")).toEqual([{ kind: "added", text: "жаңа " }]);
    const rewrite = wordDiff(long, long.split(" ").reverse().join(" "), { maxEdits: 500 });
    expect(rebuilt(rewrite, "after")).toBe(long.split(" ").reverse().join(" "));
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("shows long unchanged stretches by their ends only", () => {
    const before = `${"а ".repeat(300)}старое ${"б ".repeat(300)}`;
    const shown = shownDiff(wordDiff(before, before.replace("старое", "новое")), 20);
    expect(shown.map((part) => part.kind)).toEqual(["gap", "same", "removed", "added", "same", "gap"]);
    expect(shown.filter((part) => part.kind === "same").every((part) => part.text.length <= 50)).toBe(true);
  });
});
