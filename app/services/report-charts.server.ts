import { extractTables, numericColumns, parseNumber } from "~/lib/markdown-tables.server.ts";

/** Chart data for a report's tables; ?table=N&column=M picks the column charted for table N. */
export function reportCharts(body: string, query: URLSearchParams) {
  const chosenTable = Number(query.get("table"));
  const chosenColumn = Number(query.get("column"));
  return extractTables(body).map((table, index) => {
    const numeric = numericColumns(table);
    const column = chosenTable === index + 1 && numeric.includes(chosenColumn) ? chosenColumn : (numeric[0] ?? 0);
    const rows = table.rows.filter((_, row) => !table.totalRows.includes(row));
    return {
      title: table.title,
      header: table.header,
      labels: rows.map((row) => row[0] ?? ""),
      values: rows.map((row) => parseNumber(row[column] ?? "")),
      column,
      numericColumns: numeric,
    };
  });
}
