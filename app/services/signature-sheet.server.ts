// Printable signature sheets (A4 PDF) for collecting signatures on paper: the petition's title,
// addressee and demands, a QR code and link to the full text, the organization, a privacy notice,
// numbered rows (name, region, date, signature) and the sheet's serial on every page. Drawn with
// pdfkit and the DejaVu fonts from dejavu-fonts-ttf, which have every Kazakh letter (decision 043).
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import encodeQR from "qr";
import { config } from "~/config.server.ts";
import { regionName } from "~/data/regions.ts";
import { serverT } from "~/i18n.server.ts";
import type { Locale } from "~/i18n.ts";

const require = createRequire(import.meta.url);
const font = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
const REGULAR = font("DejaVuSans.ttf");
const BOLD = font("DejaVuSans-Bold.ttf");

const ROWS_PER_SHEET = 15;

export type SheetInput = {
  locale: Locale;
  title: string;
  addressee: string | null;
  summary: string;
  organization: string;
  /** The petition page: printed and in the QR code. */
  url: string;
  /** Region printed in the header (then the region column is still there, pre-filled); null: each signer writes it. */
  region: string | null;
  /** One sheet per serial; null: one sheet whose serial is left blank for the organizer to write. */
  serials: number[] | null;
};

/**
 * Text as typed by organizers, made printable: controls, lone surrogates and bidi overrides go (a
 * stray one must not reorder or break the page), runs of white space become one space.
 */
function printable(text: string, max = 2_000) {
  const clean = text
    .toWellFormed()
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffd\ufffe\uffff]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export const formatSerial = (serial: number) => String(serial).padStart(6, "0");

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 36;
const INNER = A4.width - 2 * MARGIN;

export async function renderSheets(input: SheetInput): Promise<Buffer> {
  const t = serverT(input.locale, "campaign");
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    autoFirstPage: false,
    // The built-in Helvetica has no Cyrillic: DejaVu from the start.
    font: REGULAR,
    info: { Title: printable(input.title, 300), Creator: "Dauys", Producer: "Dauys" },
    lang: input.locale,
    displayTitle: true,
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont("regular", REGULAR);
  doc.registerFont("bold", BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const qr = encodeQR(input.url, "raw", { ecc: "medium", border: 2 });
  const sheets = input.serials ?? [null];
  for (const serial of sheets) {
    doc.addPage();
    drawSheet(doc, input, t, serial, qr);
    // A page takes tens of milliseconds to lay out: let other requests in between pages.
    if (sheets.length > 1) await new Promise((resolve) => setImmediate(resolve));
  }
  doc.end();
  return done;
}

function drawSheet(
  doc: PDFKit.PDFDocument,
  input: SheetInput,
  t: ReturnType<typeof serverT>,
  serial: number | null,
  qr: boolean[][],
) {
  const serialText = serial === null ? t("sheet.serialBlank") : t("sheet.serial", { serial: formatSerial(serial) });
  // Head line: what this is, and the serial (repeated at the foot: every page carries it twice).
  doc
    .font("bold")
    .fontSize(9)
    .fillColor("#084a6c")
    .text(t("sheet.heading"), MARGIN, MARGIN, { width: INNER / 2 });
  doc
    .font("bold")
    .fontSize(11)
    .fillColor("#000000")
    .text(serialText, MARGIN + INNER / 2, MARGIN - 1, { width: INNER / 2, align: "right" });

  const qrSize = 78;
  const textWidth = INNER - qrSize - 12;
  let y = MARGIN + 20;
  // Long texts are cut to their box: the QR code and the link lead to the full text.
  doc
    .font("bold")
    .fontSize(14)
    .text(printable(input.title, 600), MARGIN, y, { width: textWidth, height: 56, ellipsis: "…" });
  y = Math.max(doc.y, y) + 4;
  if (input.addressee) {
    doc
      .font("regular")
      .fontSize(10)
      .text(t("sheet.addressee", { addressee: printable(input.addressee, 300) }), MARGIN, y, {
        width: textWidth,
        height: 28,
        ellipsis: "…",
      });
    y = doc.y + 4;
  }
  doc.font("bold").fontSize(10).text(t("sheet.demands"), MARGIN, y, { width: textWidth });
  y = doc.y + 1;
  doc
    .font("regular")
    .fontSize(9.5)
    .text(printable(input.summary, 1_500), MARGIN, y, { width: textWidth, height: 70, ellipsis: "…" });
  y = doc.y + 4;
  doc.font("regular").fontSize(8.5).text(t("sheet.fullText"), MARGIN, y, { width: textWidth });
  doc.fillColor("#084a6c").text(input.url, { width: textWidth, link: input.url });
  doc.fillColor("#000000");
  y = doc.y + 4;
  doc
    .font("regular")
    .fontSize(9.5)
    .text(t("sheet.organization", { organization: printable(input.organization, 200) }), MARGIN, y, {
      width: textWidth,
      height: 26,
      ellipsis: "…",
    });
  y = doc.y + 2;
  if (input.region) {
    doc
      .font("bold")
      .fontSize(9.5)
      .text(t("sheet.region", { region: regionName(input.region, input.locale) }), MARGIN, y, { width: textWidth });
    y = doc.y + 2;
  }
  drawQr(doc, qr, A4.width - MARGIN - qrSize, MARGIN + 22, qrSize);

  // The table: as many rows as fit above the privacy notice.
  const tableTop = Math.max(y + 6, MARGIN + 22 + qrSize + 8);
  const footerTop = A4.height - MARGIN - 64;
  const columns = [
    { key: "number", width: 26 },
    { key: "name", width: 180 },
    { key: "region", width: 120 },
    { key: "date", width: 70 },
    { key: "signature", width: INNER - 26 - 180 - 120 - 70 },
  ];
  const headerHeight = 18;
  const rowHeight = Math.min(30, (footerTop - tableTop - headerHeight - 6) / ROWS_PER_SHEET);
  doc.lineWidth(0.6).strokeColor("#333333");
  let x = MARGIN;
  doc.rect(MARGIN, tableTop, INNER, headerHeight).fillAndStroke("#e8eef2", "#333333");
  doc.fillColor("#000000").font("bold").fontSize(8.5);
  for (const column of columns) {
    doc.text(t(`sheet.columns.${column.key}`), x + 3, tableTop + 5, { width: column.width - 6, lineBreak: false });
    x += column.width;
  }
  doc.font("regular").fontSize(8.5);
  const regionPrefill = input.region ? regionName(input.region, input.locale) : "";
  for (let row = 0; row < ROWS_PER_SHEET; row++) {
    const top = tableTop + headerHeight + row * rowHeight;
    doc.rect(MARGIN, top, INNER, rowHeight).stroke();
    doc.text(String(row + 1), MARGIN + 3, top + rowHeight / 2 - 5, { width: 20, lineBreak: false });
    if (regionPrefill)
      doc
        .fillColor("#555555")
        .text(regionPrefill, MARGIN + 26 + 180 + 3, top + 3, { width: 114, height: rowHeight - 4, ellipsis: "…" })
        .fillColor("#000000");
  }
  x = MARGIN;
  for (const column of columns.slice(0, -1)) {
    x += column.width;
    doc
      .moveTo(x, tableTop)
      .lineTo(x, tableTop + headerHeight + ROWS_PER_SHEET * rowHeight)
      .stroke();
  }

  // Foot: the privacy notice, what Dauys counts are not, and the serial again.
  doc
    .font("regular")
    .fontSize(7)
    .fillColor("#222222")
    .text(`${t("sheet.privacy")} ${t("sheet.notOfficial")}`, MARGIN, footerTop, {
      width: INNER,
      height: 48,
      ellipsis: "…",
    });
  doc
    .font("bold")
    .fontSize(9)
    .fillColor("#000000")
    .text(serialText, MARGIN, A4.height - MARGIN - 12, { width: INNER, align: "right", lineBreak: false });
}

/** The QR code as filled squares (vector: sharp at any printer resolution). */
function drawQr(doc: PDFKit.PDFDocument, modules: boolean[][], left: number, top: number, size: number) {
  const cell = size / modules.length;
  doc.save().fillColor("#000000");
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) doc.rect(left + c * cell, top + r * cell, cell + 0.05, cell + 0.05);
    }),
  );
  doc.fill().restore();
}

type SheetPublication = {
  id: string;
  slug: string;
  updatedAt: Date;
  onlyLanguage: string | null;
  titleKk: string;
  titleRu: string;
  summaryKk: string;
  summaryRu: string;
  addresseeKk: string | null;
  addresseeRu: string | null;
  organization: { nameKk: string; nameRu: string };
};

/** The sheet's words from the publication: its text in the sheet's language (or its only one). */
export function sheetInput(
  publication: SheetPublication,
  options: { locale: Locale; region: string | null; serials: number[] | null },
): SheetInput {
  const textKk =
    publication.onlyLanguage === "kk" ? true : publication.onlyLanguage === "ru" ? false : options.locale === "kk";
  return {
    locale: options.locale,
    title: textKk ? publication.titleKk : publication.titleRu,
    summary: textKk ? publication.summaryKk : publication.summaryRu,
    addressee: (textKk ? publication.addresseeKk : publication.addresseeRu) || null,
    organization: options.locale === "kk" ? publication.organization.nameKk : publication.organization.nameRu,
    url: `${config().publicUrl}/${options.locale}/p/${encodeURIComponent(publication.slug)}`,
    region: options.region,
    serials: options.serials,
  };
}

// The public (unnumbered) sheet is the same for everyone until the petition changes: a few are
// kept, so a crowd of volunteers downloading it costs one rendering per language and region.
const publicSheets = new Map<string, Promise<Buffer>>();
const PUBLIC_SHEETS_KEPT = 64;

export function publicSheet(publication: SheetPublication, locale: Locale, region: string | null) {
  const key = `${publication.id}:${publication.updatedAt.getTime()}:${locale}:${region ?? ""}`;
  let pdf = publicSheets.get(key);
  if (!pdf) {
    if (publicSheets.size >= PUBLIC_SHEETS_KEPT) publicSheets.delete(publicSheets.keys().next().value as string);
    pdf = renderSheets(sheetInput(publication, { locale, region, serials: null }));
    publicSheets.set(key, pdf);
    pdf.catch(() => publicSheets.delete(key));
  }
  return pdf;
}
