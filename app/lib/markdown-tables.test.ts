import { describe, expect, it } from "vitest";
import { extractTables, numericColumns, parseNumber } from "./markdown-tables.server.ts";

const source = `## Мандаттар

| Қала | Жіберілді | Үлесі |
|---|---:|---:|
| Астана | 20 | 1,5% |
| Алматы | 1 030 | 71,09% |
| **Барлығы** | **1 050** | — |

## Екінші
| a | b |
|---|---|
| x | y |
`;

describe("tables in Markdown", () => {
  it("extracts each table with its heading, header, rows and total rows", () => {
    const [first, second] = extractTables(source);
    expect(first).toEqual({
      title: "Мандаттар",
      header: ["Қала", "Жіберілді", "Үлесі"],
      rows: [
        ["Астана", "20", "1,5%"],
        ["Алматы", "1 030", "71,09%"],
        ["Барлығы", "1 050", "—"],
      ],
      totalRows: [2],
    });
    expect(second.title).toBe("Екінші");
    expect(numericColumns(first)).toEqual([1, 2]);
    expect(numericColumns(second)).toEqual([]);
  });

  it("reads numbers written the Kazakh and Russian way", () => {
    expect(parseNumber("1 030")).toBe(1030);
    expect(parseNumber("71,09%")).toBe(71.09);
    expect(parseNumber("−5")).toBe(-5);
    expect(parseNumber("—")).toBeNull();
    expect(parseNumber("12a")).toBeNull();
  });
});
