// Kazakh and Russian are equal: every string exists in both, with the plural forms each needs.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

type Tree = { [key: string]: string | Tree };
const load = (locale: string, ns: string) => JSON.parse(readFileSync(`locales/${locale}/${ns}.json`, "utf8")) as Tree;
const flatten = (tree: Tree, prefix = ""): Record<string, string> =>
  Object.entries(tree).reduce<Record<string, string>>((all, [key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === "string" ? { ...all, [path]: value } : { ...all, ...flatten(value, path) };
  }, {});
const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const baseKeys = (keys: string[]) => new Set(keys.map((key) => key.replace(pluralSuffix, "")));

const namespaces = readdirSync("locales/kk").map((file) => file.replace(/\.json$/, ""));

describe("translations", () => {
  it("have the same namespaces in both languages", () => {
    expect(readdirSync("locales/ru").sort()).toEqual(readdirSync("locales/kk").sort());
  });

  it.each(namespaces)("%s: every key exists in both languages, none empty", (ns) => {
    const kk = flatten(load("kk", ns));
    const ru = flatten(load("ru", ns));
    expect([...baseKeys(Object.keys(ru))].sort()).toEqual([...baseKeys(Object.keys(kk))].sort());
    for (const [key, value] of [...Object.entries(kk), ...Object.entries(ru)]) expect(value.trim(), key).not.toBe("");
  });

  it.each(namespaces)("%s: plurals have Kazakh one/other and Russian one/few/many/other", (ns) => {
    const kk = Object.keys(flatten(load("kk", ns)));
    const ru = Object.keys(flatten(load("ru", ns)));
    const plurals = [...baseKeys(kk.filter((key) => pluralSuffix.test(key)))];
    for (const base of plurals) {
      for (const form of ["one", "other"]) expect(kk, `${base}_${form} (kk)`).toContain(`${base}_${form}`);
      for (const form of ["one", "few", "many", "other"])
        expect(ru, `${base}_${form} (ru)`).toContain(`${base}_${form}`);
    }
    expect(new Intl.PluralRules("ru").resolvedOptions().pluralCategories.sort()).toEqual([
      "few",
      "many",
      "one",
      "other",
    ]);
  });

  it.each(namespaces)("%s: the same {{placeholders}} in both languages", (ns) => {
    const kk = flatten(load("kk", ns));
    const ru = flatten(load("ru", ns));
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    for (const [key, value] of Object.entries(kk)) {
      const ruKey = ru[key] !== undefined ? key : key.replace(pluralSuffix, "_other");
      expect(placeholders(ru[ruKey] ?? ""), key).toEqual(placeholders(value));
    }
  });
});
