// Number and date formatting, written out by hand rather than with Intl: the server's and the
// browser's ICU data differ for Kazakh (and in details for Russian), and any difference breaks
// hydration of a server-rendered page. Kazakhstan has one time zone, UTC+5, since March 2024.
import type { Locale } from "~/i18n.ts";

const NBSP = "\u00a0";
export const UTC_OFFSET_HOURS = 5;

const months = {
  kk: [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
  ],
  ru: [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
  ],
};

function group(integer: string) {
  // Four-digit numbers stay together (5000), as both languages write them; longer ones group by three.
  if (integer.length <= 4) return integer;
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

export function formatNumber(_locale: Locale, value: number) {
  const sign = value < 0 ? "−" : "";
  return sign + group(String(Math.round(Math.abs(value))));
}

export function formatDecimal(_locale: Locale, value: number, digits = 2) {
  const [integer, fraction] = Math.abs(value).toFixed(digits).split(".");
  return (value < 0 ? "−" : "") + group(integer) + (fraction ? `,${fraction}` : "");
}

export function formatPercent(locale: Locale, ratio: number, digits = 1) {
  // A tiny share is not zero: say "<0,1%" rather than "0%".
  const smallest = 10 ** -digits;
  if (ratio > 0 && ratio * 100 < smallest)
    return locale === "ru"
      ? `<${formatDecimal(locale, smallest, digits)}${NBSP}%`
      : `<${formatDecimal(locale, smallest, digits)}%`;
  const text = formatDecimal(locale, ratio * 100, digits).replace(/,0+$/, "");
  return locale === "ru" ? `${text}${NBSP}%` : `${text}%`;
}

function kazakhstanTime(value: Date | string) {
  const shifted = new Date(new Date(value).getTime() + UTC_OFFSET_HOURS * 3_600_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** "year" abbreviated, as dates write it (for public/page.js and embed.js too). */
export const yearWord = (locale: Locale) => (locale === "kk" ? "ж." : "г.");

export function formatDate(locale: Locale, value: Date | string) {
  const { year, month, day } = kazakhstanTime(value);
  return locale === "kk"
    ? `${year}${NBSP}${yearWord(locale)} ${day} ${months.kk[month]}`
    : `${day} ${months.ru[month]} ${year}${NBSP}${yearWord(locale)}`;
}

/** The month names of a language, in the case the dates above use (for public/page.js). */
export const monthNames = (locale: Locale) => months[locale];

/**
 * The one machine-readable time convention (decision 050): ISO 8601 in Kazakhstan time with its
 * offset, to the second, e.g. 2026-11-21T22:14:05+05:00 — the same instant as the UTC form, and
 * the same wall-clock time the pages print.
 */
export function isoKazakhstan(value: Date | string) {
  const shifted = new Date(new Date(value).getTime() + UTC_OFFSET_HOURS * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+${String(UTC_OFFSET_HOURS).padStart(2, "0")}:00`;
}

export function formatDateTime(locale: Locale, value: Date | string) {
  const { hour, minute } = kazakhstanTime(value);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${formatDate(locale, value)}, ${pad(hour)}:${pad(minute)} (UTC+5)`;
}
