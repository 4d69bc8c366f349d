// Shared by server and browser: the languages, and an i18next instance built from resources
// the root loader sends along (no extra request, no hydration mismatch).
import i18next, { type Resource } from "i18next";

export const locales = ["kk", "ru"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "kk";

export function isLocale(value: unknown): value is Locale {
  return value === "kk" || value === "ru";
}

export function createI18n(locale: Locale, resources: Resource) {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources,
    ns: Object.keys(resources[locale] ?? {}),
    defaultNS: "common",
    initImmediate: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const serverInstances = new Map<string, ReturnType<typeof createI18n>>();

/**
 * On the server the translations never change while the process runs, so one i18next instance per
 * language and set of namespaces serves every request (nothing on the server changes its language);
 * in the browser each page builds its own from the resources it was sent.
 */
export function i18nFor(locale: Locale, resources: Resource) {
  if (typeof document !== "undefined") return createI18n(locale, resources);
  const key = `${locale}:${Object.keys(resources[locale] ?? {})
    .sort()
    .join(",")}`;
  let instance = serverInstances.get(key);
  if (!instance) serverInstances.set(key, (instance = createI18n(locale, resources)));
  return instance;
}

export const otherLocale = (locale: Locale): Locale => (locale === "kk" ? "ru" : "kk");

/** Swap the language prefix of a path, keeping the rest (the language switch keeps the page). */
export function switchLocalePath(pathWithSearch: string, to: Locale) {
  return pathWithSearch.replace(/^\/(kk|ru)(?=\/|$|\?)/, `/${to}`);
}

/** The language of a page from its route params; anything but kk/ru is a 404. */
export function requireLocale(params: { lang?: string }): Locale {
  if (!isLocale(params.lang)) throw new Response("Not Found", { status: 404 });
  return params.lang;
}
