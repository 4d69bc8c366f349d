// Printable signature sheets: the PDF's own text (poppler's pdftotext) has the title, the Kazakh
// letters and the serial on every page, in both languages; hostile titles do not break it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderSheets, type SheetInput } from "~/services/signature-sheet.server.ts";

const KAZAKH_LETTERS = ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"];
const dir = mkdtempSync(join(tmpdir(), "dauys-sheet-"));

function pdfText(pdf: Buffer, name: string) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return { file, text: execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]).toString("utf8") };
}
const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file]).toString())?.[1]);

const base = (locale: "kk" | "ru"): SheetInput => ({
  locale,
  title:
    locale === "kk"
      ? "Әділ сайлау: қоғам ұйымдары үгіт пен һәм өкілдік туралы шешім талап етеді"
      : "Честные выборы: Көкшетау, Қарағанды, Түркістан и Шұбарқұдық требуют решения (һ, і, ғ, ң, ә)",
  addressee: locale === "kk" ? "ҚР Орталық сайлау комиссиясы" : "Центральная избирательная комиссия РК",
  summary:
    locale === "kk" ? "Хаттаманың көшірмесін әр бақылаушыға беру." : "Выдавать копию протокола каждому наблюдателю.",
  organization: locale === "kk" ? "Ашық хаттама" : "Открытый протокол",
  url: `http://localhost:3000/${locale}/p/fair-elections-petition`,
  region: "KZ-75",
  serials: [41, 42, 43],
});

describe("signature sheets", () => {
  it.each(["kk", "ru"] as const)("%s: title, Kazakh letters and the serial on every page", async (locale) => {
    const { file, text } = pdfText(await renderSheets(base(locale)), `sheet-${locale}`);
    expect(pages(file)).toBe(3);
    expect(text.replace(/\s+/g, " ")).toContain(base(locale).title.split(":")[0]);
    for (const letter of KAZAKH_LETTERS) expect(text, letter).toContain(letter);
    const perPage = text.split("\f").filter((page) => page.trim());
    expect(perPage).toHaveLength(3);
    perPage.forEach((page, index) => expect(page).toContain(`№ ${String(41 + index).padStart(6, "0")}`));
    expect(text).toContain(base(locale).url);
    expect(text).toContain(locale === "kk" ? "Дербес деректер" : "Персональные данные");
    for (const column of locale === "kk"
      ? ["Тегі, аты", "Өңір", "Күні", "Қолы"]
      : ["Фамилия, имя", "Регион", "Дата", "Подпись"])
      expect(text).toContain(column);
  });

  it("a hostile title (controls, bidi overrides, lone surrogates, 20 000 characters) still makes a valid one-page sheet", async () => {
    const hostile = `Ə\u0000\u0007\u202e<b>&amp;</b>\ud800 ${"қағаз ".repeat(3_500)}`;
    const pdf = await renderSheets({
      ...base("kk"),
      title: hostile,
      summary: hostile,
      addressee: hostile,
      organization: hostile,
      serials: null,
    });
    const { file, text } = pdfText(pdf, "hostile");
    expect(pages(file)).toBe(1);
    expect(text).toContain("<b>&amp;</b>");
    expect(text).toContain("Парақ № ________");
    expect(text).not.toMatch(/[\u0000-\u0008\u202e]/);
  });
});
