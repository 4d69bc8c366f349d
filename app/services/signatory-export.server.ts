// The list of confirmed signatories, for delivery to the addressee with the petition. Names,
// regions and confirmation times; addresses only when the organizer asks for them. Every export
// is in the audit log. Streamed page by page, so a petition of any size costs little memory.
import { regionName } from "~/data/regions.ts";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import type { Locale } from "~/i18n.ts";
import { csvCell } from "~/lib/api.server.ts";
import { isoKazakhstan } from "~/lib/format.ts";
import { audit } from "~/models/audit.server.ts";

const PAGE = 1_000;

/** 2026-03-05T14:07:09+05:00: ISO 8601 in Kazakhstan time, sortable and unambiguous (decision 050). */
const kazakhstanIso = (value: Date) => isoKazakhstan(value);

export async function exportSignatories(input: {
  publication: { id: string; slug: string; organizationId: string };
  locale: Locale;
  withEmails: boolean;
  userId: string;
}) {
  const { publication, locale, withEmails } = input;
  // Confirmations from now on are not in this file: the logged row count is the file's.
  const where = { publicationId: publication.id, status: "confirmed", confirmedAt: { lte: new Date() } };
  const rows = await db().signature.count({ where });
  await audit({
    userId: input.userId,
    organizationId: publication.organizationId,
    action: withEmails ? "signatures.export-with-emails" : "signatures.export",
    target: publication.slug,
    details: { rows, withEmails, language: locale },
  });

  const t = serverT(locale, "updates");
  const line = (cells: Array<string | null>) => cells.map(csvCell).join(",") + "\r\n";
  const header = line([
    t("export.columns.name"),
    t("export.columns.region"),
    t("export.columns.confirmedAt"),
    ...(withEmails ? [t("export.columns.email")] : []),
  ]);
  const encoder = new TextEncoder();
  let after: { confirmedAt: Date; id: string } | null = null;
  let finished = false;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("\ufeff" + header));
    },
    // One page per pull: the client's reading speed paces the database reads.
    async pull(controller) {
      if (finished) return;
      const page = await db().signature.findMany({
        where: after
          ? {
              ...where,
              OR: [
                { confirmedAt: { gt: after.confirmedAt } },
                { confirmedAt: after.confirmedAt, id: { gt: after.id } },
              ],
            }
          : where,
        orderBy: [{ confirmedAt: "asc" }, { id: "asc" }],
        take: PAGE,
        select: { id: true, name: true, region: true, confirmedAt: true, email: withEmails },
      });
      if (page.length > 0) {
        const last = page[page.length - 1];
        after = { confirmedAt: last.confirmedAt!, id: last.id };
        const text = page
          .map((row) =>
            line([
              row.name,
              regionName(row.region, locale),
              kazakhstanIso(row.confirmedAt!),
              ...(withEmails ? [row.email ?? ""] : []),
            ]),
          )
          .join("");
        controller.enqueue(encoder.encode(text));
      }
      if (page.length < PAGE) {
        finished = true;
        controller.close();
      }
    },
  });

  const filename = `signatories-${publication.slug}-${kazakhstanIso(new Date()).slice(0, 10)}.csv`;
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
      "X-Row-Count": String(rows),
    },
  });
}
