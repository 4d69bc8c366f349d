// Kazakh Cyrillic → Kazakh Latin, the alphabet of 28 January 2021 (decision 054 pins the table and
// its source). Shared by server and browser; no dependency: no npm package implements this version.

/** Lower-case Cyrillic letter → Latin. Russian-only letters follow decision 054 too. */
const LOWER: Record<string, string> = {
  а: "a",
  ә: "ä",
  б: "b",
  в: "v",
  г: "g",
  ғ: "ğ",
  д: "d",
  е: "e",
  ё: "io",
  ж: "j",
  з: "z",
  и: "i",
  й: "i",
  к: "k",
  қ: "q",
  л: "l",
  м: "m",
  н: "n",
  ң: "ñ",
  о: "o",
  ө: "ö",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ұ: "ū",
  ү: "ü",
  ф: "f",
  х: "h",
  һ: "h",
  ц: "ts",
  ч: "ç",
  ш: "ş",
  щ: "şş",
  ъ: "",
  ы: "y",
  і: "ı",
  ь: "",
  э: "e",
  ю: "iu",
  я: "ia",
};

/** Capitals: spelled out because JavaScript's "i".toUpperCase() is "I", where Kazakh wants İ. */
const UPPER: Record<string, string> = {
  А: "A",
  Ә: "Ä",
  Б: "B",
  В: "V",
  Г: "G",
  Ғ: "Ğ",
  Д: "D",
  Е: "E",
  Ё: "Io",
  Ж: "J",
  З: "Z",
  И: "İ",
  Й: "İ",
  К: "K",
  Қ: "Q",
  Л: "L",
  М: "M",
  Н: "N",
  Ң: "Ñ",
  О: "O",
  Ө: "Ö",
  П: "P",
  Р: "R",
  С: "S",
  Т: "T",
  У: "U",
  Ұ: "Ū",
  Ү: "Ü",
  Ф: "F",
  Х: "H",
  Һ: "H",
  Ц: "Ts",
  Ч: "Ç",
  Ш: "Ş",
  Щ: "Şş",
  Ъ: "",
  Ы: "Y",
  І: "I",
  Ь: "",
  Э: "E",
  Ю: "Iu",
  Я: "Ia",
};

const CYRILLIC = /[\u0400-\u04FF]/;
const CYRILLIC_RUN = /[\u0400-\u04FF]+/g;
const isUpper = (ch: string | undefined) => !!ch && ch !== ch.toLowerCase() && ch === ch.toUpperCase();

export function hasCyrillic(text: string) {
  return CYRILLIC.test(text);
}

/** Upper-case a Latin string the Kazakh way (i → İ, ı → I). */
function upper(latin: string) {
  return latin.replace(/[a-zäğñöūüşçı]/g, (ch) => (ch === "i" ? "İ" : ch === "ı" ? "I" : ch.toUpperCase()));
}

/**
 * Transliterates every Cyrillic letter of `text`; anything else (Latin, digits, punctuation) stays.
 * Case is kept: a capital that becomes two letters (Щ, Ю, Я, Ё, Ц) is all capitals inside an
 * all-capitals word (ЮРИСТ → IURİST) and a capital followed by small letters otherwise (Юрист → Iurist).
 */
export function toLatin(text: string): string {
  if (!CYRILLIC.test(text)) return text;
  return text.normalize("NFC").replace(CYRILLIC_RUN, (run, offset: number, whole: string) => {
    let out = "";
    for (let i = 0; i < run.length; i++) {
      const ch = run[i];
      const lower = LOWER[ch];
      // After и/й the i of я, ю, ё is already written: Азия → Azia, not Aziia.
      if (/[яюёЯЮЁ]/.test(ch) && /[ийИЙ]/.test(i > 0 ? run[i - 1] : "")) {
        const rest = (lower ?? UPPER[ch]).slice(1);
        out += isUpper(ch) && isUpper(run[i - 1]) ? rest.toUpperCase() : rest;
        continue;
      }
      if (lower !== undefined) {
        out += lower;
        continue;
      }
      const capital = UPPER[ch];
      if (capital === undefined) {
        out += ch; // a Cyrillic letter Kazakh and Russian do not use (Ukrainian ї, Serbian ђ …): kept
        continue;
      }
      if (capital.length > 1) {
        const prev = i > 0 ? run[i - 1] : whole[offset - 1];
        const next = i + 1 < run.length ? run[i + 1] : whole[offset + run.length];
        const allCaps = isUpper(next) || (!/\p{L}/u.test(next ?? "") && isUpper(prev));
        out += allCaps ? upper(capital) : capital;
      } else out += capital;
    }
    return out;
  });
}

/**
 * The search key of a text in either script: Latin is read back into Cyrillic and letters that
 * typists confuse are merged (ә/а, ғ/г, қ/к, ң/н, ө/о, ұ/ү/у, һ/х, і/и/й/ы), so "adal saılau",
 * "adal sailau" and "адал сайлау" all give "адал саилау". One letter in, one letter out for the
 * Cyrillic side, so the database can compute the same key with translate()/replace().
 */
export function searchFold(text: string): string {
  // "İ".toLowerCase() is "i" plus a combining dot: take the dot off first.
  const lower = text.normalize("NFC").replace(/İ/g, "i").toLowerCase();
  // Digraphs typed for letters with a cedilla (sh, ch) first, then single letters.
  return lower
    .replace(/sh/g, "ш")
    .replace(/ch/g, "ч")
    .replace(/şş/g, "щ")
    .replace(/[a-zäğñöūüşçı]/g, (ch) => LATIN_FOLD[ch] ?? ch)
    .replace(/[әғқңөұүһіыйёэъь]/g, (ch) => CYRILLIC_FOLD[ch] ?? ch);
}

/** Cyrillic letters merged by the search key (migration *_search_key computes the same in the database). */
const CYRILLIC_FOLD: Record<string, string> = {
  ә: "а",
  ғ: "г",
  қ: "к",
  ң: "н",
  ө: "о",
  ұ: "у",
  ү: "у",
  һ: "х",
  і: "и",
  ы: "и",
  й: "и",
  ё: "е",
  э: "е",
  ъ: "",
  ь: "",
};

const LATIN_FOLD: Record<string, string> = {
  a: "а",
  ä: "а",
  b: "б",
  c: "ц",
  d: "д",
  e: "е",
  f: "ф",
  g: "г",
  ğ: "г",
  h: "х",
  i: "и",
  ı: "и",
  j: "ж",
  k: "к",
  q: "к",
  l: "л",
  m: "м",
  n: "н",
  ñ: "н",
  o: "о",
  ö: "о",
  p: "п",
  r: "р",
  s: "с",
  ş: "ш",
  t: "т",
  u: "у",
  ū: "у",
  ü: "у",
  v: "в",
  w: "у",
  x: "х",
  y: "и",
  z: "з",
  ç: "ч",
};
