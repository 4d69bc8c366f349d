import { describe, expect, it } from "vitest";
import { hasCyrillic, searchFold, toLatin } from "./kazakh-latin.ts";

// Expected forms written by hand from the 2021 table (decision 054), not produced by the code.
const words: [string, string][] = [
  ["сайлау", "sailau"],
  ["қоғам", "qoğam"],
  ["өкілдік", "ökıldık"],
  ["ұйым", "ūiym"],
  ["үгіт", "ügıt"],
  ["әділ", "ädıl"],
  ["шешім", "şeşım"],
  ["хаттама", "hattama"],
  ["адал", "adal"],
  ["дауыс", "dauys"],
  ["бақылаушы", "baqylauşy"],
  ["азаматтық", "azamattyq"],
  ["қозғалысы", "qozğalysy"],
  ["маңызды", "mañyzdy"],
  ["депутаттарының", "deputattarynyñ"],
  ["мәслихат", "mäslihat"],
  ["өтініш", "ötınış"],
  ["жауап", "jauap"],
  ["Қазақстан", "Qazaqstan"],
  ["Республикасының", "Respublikasynyñ"],
  ["Мәжіліс", "Mäjılıs"],
  ["Ұстанымы", "Ūstanymy"],
  ["Конституциялық", "Konstitutsialyq"],
  ["Алматы", "Almaty"],
  ["Ақтөбе", "Aqtöbe"],
  ["Шымкент", "Şymkent"],
  ["Түркістан", "Türkıstan"],
  ["Жетісу", "Jetısu"],
  ["Ұлытау", "Ūlytau"],
  ["Абай", "Abai"],
  ["Ирина", "İrina"],
  ["Һ", "H"],
  ["чек", "çek"],
  ["ЦИК", "TSİK"],
  ["щит", "şşit"],
  ["объект", "obekt"],
  ["пошта", "poşta"],
  ["ёлка", "iolka"],
  ["Юрист", "Iurist"],
  ["ЮРИСТ", "IURİST"],
  ["Азия", "Azia"],
  ["АЗИЯ", "AZİA"],
  ["Мария", "Maria"],
  ["Ярмарка", "Iarmarka"],
  ["ҰСТАНЫМЫ", "ŪSTANYMY"],
  ["ИӘ", "İÄ"],
  ["ЖЕКЕ", "JEKE"],
  ["экономика", "ekonomika"],
];

describe("Kazakh Cyrillic → Latin (2021 alphabet)", () => {
  it.each(words)("%s → %s", (cyrillic, latin) => {
    expect(toLatin(cyrillic)).toBe(latin);
    expect(hasCyrillic(toLatin(cyrillic))).toBe(false);
  });

  it("keeps what is not Cyrillic: digits, punctuation, Latin words, line breaks", () => {
    expect(toLatin("«HAQ» азаматтық қозғалысы, 2024 ж.\nСоңғы 16 жыл")).toBe(
      "«HAQ» azamattyq qozğalysy, 2024 j.\nSoñğy 16 jyl",
    );
    expect(toLatin("no Cyrillic at all")).toBe("no Cyrillic at all");
  });

  it("capitalises two-letter capitals by the word around them", () => {
    expect(toLatin("Я")).toBe("Ia");
    expect(toLatin("ЯДРО ЩИТ")).toBe("IADRO ŞŞİT");
    expect(toLatin("Щ.")).toBe("Şş.");
  });
});

describe("search key", () => {
  it("gives one key for Latin with or without dotless ı and for Cyrillic", () => {
    const key = searchFold("адал сайлау");
    expect(searchFold("adal saılau")).toBe(key);
    expect(searchFold("adal sailau")).toBe(key);
    expect(searchFold("ADAL SAILAU")).toBe(key);
    expect(searchFold(toLatin("Адал сайлау"))).toBe(key);
  });

  it("merges the letters typists confuse", () => {
    expect(searchFold("qoğam")).toBe(searchFold("қоғам"));
    expect(searchFold("kogam")).toBe(searchFold("қоғам"));
    expect(searchFold("sheshim")).toBe(searchFold("шешім"));
    expect(searchFold("şeşim")).toBe(searchFold("шешім"));
    expect(searchFold("ökildik")).toBe(searchFold("өкілдік"));
    expect(searchFold("İT")).toBe(searchFold("ит"));
  });
});
