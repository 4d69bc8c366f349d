// Short names for an organization's address, offered as a list so nobody has to invent one in
// Latin letters: built from its names (Kazakh and Russian Cyrillic spelled in plain ASCII) and its
// website. Shared by server and browser; the server still validates whatever is posted.
const letters: Record<string, string> = {
  а: "a",
  ә: "a",
  б: "b",
  в: "v",
  г: "g",
  ғ: "g",
  д: "d",
  е: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "i",
  і: "i",
  к: "k",
  қ: "q",
  л: "l",
  м: "m",
  н: "n",
  ң: "n",
  о: "o",
  ө: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ұ: "u",
  ү: "u",
  ф: "f",
  х: "kh",
  һ: "h",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX = 60;

function asciiWords(name: string) {
  return name
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .split(/[^\p{L}\p{N}]+/u)
    .map((word) => [...word].map((c) => letters[c] ?? (/[a-z0-9]/.test(c) ? c : "")).join(""))
    .filter(Boolean);
}

function joinWithin(words: string[]) {
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX) break;
    slug = next;
  }
  return slug;
}

function fromWebsite(website: string) {
  try {
    const host = new URL(website).hostname.replace(/^www\./, "");
    const labels = host.split(".").filter(Boolean);
    return labels.length > 1 ? [labels[0], labels.join("-")] : labels;
  } catch {
    return [];
  }
}

export function slugSuggestions(input: { nameKk: string; nameRu: string; website?: string; current?: string }) {
  const found: string[] = [];
  if (input.current) found.push(input.current);
  for (const name of [input.nameRu, input.nameKk]) {
    const words = asciiWords(name);
    if (words.length === 0) continue;
    found.push(joinWithin(words));
    if (words.length > 2) found.push(joinWithin(words.slice(0, 2)));
    if (words.length > 1) found.push(words.map((word) => word[0]).join(""));
  }
  found.push(...fromWebsite(input.website ?? "").map((label) => label.replace(/[^a-z0-9-]/g, "")));
  return [...new Set(found)]
    .filter((slug) => slug.length >= 2 && slug.length <= MAX && SLUG_PATTERN.test(slug))
    .slice(0, 8);
}
