import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Resource, TFunction } from "i18next";
import { createI18n, locales, type Locale } from "~/i18n.ts";
import { projectRoot } from "~/lib/paths.server.ts";

let cache: Resource | undefined;

/** All of locales/<lng>/<ns>.json, read once. */
export function allResources(): Resource {
  if (cache) return cache;
  const resources: Resource = {};
  for (const locale of locales) {
    const dir = join(projectRoot, "locales", locale);
    resources[locale] = {};
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
      resources[locale][file.replace(/\.json$/, "")] = JSON.parse(readFileSync(join(dir, file), "utf8"));
    }
  }
  cache = resources;
  return resources;
}

/** Namespaces only the workspace uses (one file per part of it); public pages never ship them. */
const serverOnly = new Set(["common", "mail"]);

/** What the browser needs: the UI namespace of one language, plus the workspace's on its pages. */
export function clientResources(locale: Locale, pathname = ""): Resource {
  const own = allResources()[locale];
  // "share" holds the strings of public pages added with issue 15 (sharing, signing help, lists).
  const resources: Record<string, unknown> = { common: own.common, share: own.share };
  if (/^\/(kk|ru)\/workspace(\/|$)/.test(pathname)) {
    for (const [ns, strings] of Object.entries(own)) if (!serverOnly.has(ns)) resources[ns] = strings;
  } else if (/^\/(kk|ru)\/p\//.test(pathname)) {
    // Publication pages: paper sheets, the response document and organizers' updates.
    resources.campaign = own.campaign;
  }
  // The citizen petitions' public pages (decision 040) use their own namespace.
  else if (/^\/(kk|ru)\/(start|support|standards|rejected)(\/|$)/.test(pathname)) resources.citizen = own.citizen;
  return { [locale]: resources } as Resource;
}

const fixed = new Map<string, TFunction>();

export function serverT(locale: Locale, ns = "common"): TFunction {
  const key = `${locale}:${ns}`;
  let t = fixed.get(key);
  if (!t) {
    t = createI18n(locale, allResources()).getFixedT(locale, ns);
    fixed.set(key, t);
  }
  return t;
}
