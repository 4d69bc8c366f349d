import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLocale } from "~/i18n.ts";
import { findSheetRun, publicationForSheets } from "~/models/sheets.server.ts";
import { renderSheets, sheetInput } from "~/services/signature-sheet.server.ts";
import { requireReadablePetition, requireUser } from "~/services/workspace-auth.server.ts";

// One numbered run of sheets as a PDF. Reading it changes nothing: the serials were taken when
// the run was made, so downloading it again prints the same numbers.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const petition = await requireReadablePetition(user, params.id ?? "");
  const [run, publication] = await Promise.all([
    findSheetRun(petition.id, params.run ?? ""),
    publicationForSheets(petition.id),
  ]);
  if (!run || !publication || (run.locale !== "kk" && run.locale !== "ru"))
    throw new Response("Not Found", { status: 404 });
  const serials = Array.from({ length: run.sheets }, (_, index) => run.firstSerial + index);
  const pdf = await renderSheets(sheetInput(publication, { locale: run.locale, region: run.region || null, serials }));
  const last = run.firstSerial + run.sheets - 1;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": `inline; filename="dauys-${publication.slug.replace(/[^a-z0-9-]/g, "_")}-${run.firstSerial}-${last}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
