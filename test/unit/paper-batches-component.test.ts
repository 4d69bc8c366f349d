// The public paper-batches component, rendered on the server in both languages.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { PaperBatches, type PaperBatchRow } from "~/components/paper-batches.tsx";
import { allResources } from "~/i18n.server.ts";
import { createI18n, type Locale } from "~/i18n.ts";

const batches: PaperBatchRow[] = [
  {
    receipt: "AAAAAAAAAAAAAAAAAAAAA1",
    region: "KZ-75",
    count: 1200,
    collectedFrom: "2026-11-01",
    collectedTo: "2026-11-15",
    scanSha256: "b".repeat(64),
    correctsReceipt: null,
    sheetSerials: "1-20,31",
    createdAt: "2026-11-20T09:12Z",
  },
  {
    receipt: "AAAAAAAAAAAAAAAAAAAAA2",
    region: "KZ-75",
    count: -20,
    collectedFrom: "2026-11-01",
    collectedTo: "2026-11-15",
    scanSha256: null,
    correctsReceipt: "AAAAAAAAAAAAAAAAAAAAA1",
    sheetSerials: "",
    createdAt: "2026-11-21T10:40Z",
  },
];
const render = (locale: Locale, rows: PaperBatchRow[]) =>
  renderToString(
    createElement(
      I18nextProvider,
      { i18n: createI18n(locale, allResources()) },
      createElement(PaperBatches, { batches: rows, locale }),
    ),
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("PaperBatches", () => {
  it("lists batches and corrections with the net total, dates as written, in Kazakh and Russian", () => {
    const ru = render("ru", batches);
    expect(ru).toContain("Бумажные подписи");
    expect(ru).toContain("Всего бумажных подписей: 1180");
    expect(ru).toContain("исправление партии AAAAAAAAAAAAAAAAAAAAA1");
    expect(ru).toContain("1 ноября 2026");
    expect(ru).toContain("−20");
    expect(ru).toContain("b".repeat(64));
    expect(ru).toContain("без скана");
    expect(ru).toContain("Листы: 1-20, 31");
    const kk = render("kk", batches);
    expect(kk).toContain("Қағаз қолдар барлығы: 1180");
    expect(kk).toContain("Алматы");
    expect(kk).toContain("Парақтар: 1-20, 31");
  });

  it("says so when there are none", () => {
    expect(render("kk", [])).toContain("Қағаз қолдар әлі тапсырылған жоқ.");
  });
});
