import type { Locale } from "~/i18n.ts";

// Kazakhstan has one time zone (UTC+5) since 2024; fixing it keeps server and browser output equal.
const TIME_ZONE = "Asia/Almaty";

export const formatNumber = (locale: Locale, value: number) => new Intl.NumberFormat(locale).format(value);

export const formatPercent = (locale: Locale, value: number, digits = 1) =>
  new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: digits }).format(value);

export const formatDecimal = (locale: Locale, value: number, digits = 2) =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

export const formatDate = (locale: Locale, value: Date | string) =>
  new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE }).format(new Date(value));

export const formatDateTime = (locale: Locale, value: Date | string) =>
  new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: TIME_ZONE,
    timeZoneName: "short",
  }).format(new Date(value));

export const localized = <T extends Record<string, unknown>>(item: T, field: string, locale: Locale) =>
  item[`${field}${locale === "kk" ? "Kk" : "Ru"}`] as string;
