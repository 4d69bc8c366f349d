// The 20 first-level units of Kazakhstan (since 2022) and a bucket for signers abroad.
import units from "./kz-regions.json";

export type Locale = "kk" | "ru";

export type Region = {
  code: string;
  kk: string;
  ru: string;
  /** Residents, or null where no figure is confirmed (then no per-capita figure is shown). */
  population: number | null;
  populationDate: string | null;
  tile: { row: number; col: number } | null;
  type: "region" | "city" | "abroad";
};

const ABROAD = "abroad";

export const regions: Region[] = [
  ...units.map((unit) => ({
    code: unit.code,
    kk: unit.kk,
    ru: unit.ru,
    population: unit.population,
    populationDate: unit.population_date,
    tile: unit.tile,
    type: unit.type as "region" | "city",
  })),
  { code: ABROAD, kk: "Қазақстаннан тыс жерде", ru: "За пределами Казахстана", population: null, populationDate: null, tile: null, type: "abroad" },
];

export const regionCodes = regions.map((region) => region.code);
const byCode = new Map(regions.map((region) => [region.code, region]));

export function isRegionCode(code: string) {
  return byCode.has(code);
}

export function regionName(code: string, locale: Locale) {
  return byCode.get(code)?.[locale] ?? code;
}

/** Options for the signing form, sorted by name in the page's language; abroad last. */
export function regionOptions(locale: Locale) {
  const collator = new Intl.Collator(locale);
  const home = regions.filter((region) => region.code !== ABROAD).sort((a, b) => collator.compare(a[locale], b[locale]));
  return [...home, byCode.get(ABROAD)!].map((region) => ({ value: region.code, label: region[locale] }));
}
