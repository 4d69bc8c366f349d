// The tables of a publication's Markdown as data: for CSV downloads and bar charts of reports.
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false });

export type DataTable = {
  title: string;
  header: string[];
  rows: string[][];
  /** Rows whose first cell is bold, e.g. totals: kept in the CSV, left out of charts. */
  totalRows: number[];
};

/** Every table in document order, each titled by the nearest heading above it. */
export function extractTables(source: string): DataTable[] {
  const tokens = md.parse(source, {});
  const tables: DataTable[] = [];
  let heading = "";
  let current: DataTable | null = null;
  let row: string[] | null = null;
  let rowIsTotal = false;
  let inHead = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.type === "heading_open") heading = tokens[index + 1]?.content ?? heading;
    else if (token.type === "table_open") current = { title: heading, header: [], rows: [], totalRows: [] };
    else if (token.type === "thead_open") inHead = true;
    else if (token.type === "thead_close") inHead = false;
    else if (token.type === "tr_open") {
      row = [];
      rowIsTotal = false;
    } else if ((token.type === "th_open" || token.type === "td_open") && row) {
      const inline = tokens[index + 1];
      const text = (inline?.children ?? [])
        .filter((child) => child.type === "text" || child.type === "code_inline")
        .map((child) => child.content)
        .join("")
        .trim();
      if (row.length === 0 && inline?.children?.some((child) => child.type === "strong_open")) rowIsTotal = true;
      row.push(text);
    } else if (token.type === "tr_close" && current && row) {
      if (inHead) current.header = row;
      else {
        if (rowIsTotal) current.totalRows.push(current.rows.length);
        current.rows.push(row);
      }
      row = null;
    } else if (token.type === "table_close" && current) {
      tables.push(current);
      current = null;
    }
  }
  return tables;
}

/** "1 030", "71,09%", "−5" → numbers; anything else → null. */
export function parseNumber(cell: string): number | null {
  const cleaned = cell
    .replace(/[\s\u00a0\u202f]/g, "")
    .replace(/%$/, "")
    .replace("−", "-")
    .replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : null;
}

/** Columns (after the first) whose every non-total cell is a number. */
export function numericColumns(table: DataTable) {
  return table.header
    .map((_, column) => column)
    .filter(
      (column) =>
        column > 0 &&
        table.rows.every((row, index) => table.totalRows.includes(index) || parseNumber(row[column] ?? "") !== null),
    );
}
