import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRegionCode } from "~/data/regions.ts";
import { requireLocale } from "~/i18n.ts";
import { getPublishedPublication, isOpenForSigning } from "~/models/publication.server.ts";
import { publicSheet } from "~/services/signature-sheet.server.ts";

// The public signature sheet for volunteers to print: A4 PDF, serial left blank (organizers number
// their own runs in the workspace). Only while the petition collects signatures.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const publication = await getPublishedPublication(params.slug ?? "");
  if (!publication || !isOpenForSigning(publication)) throw new Response("Not Found", { status: 404 });
  const region = new URL(request.url).searchParams.get("region") ?? "";
  if (region && !isRegionCode(region)) throw new Response("Unknown region", { status: 400 });
  const pdf = await publicSheet(publication, locale, region || null);
  const filename = `dauys-${publication.slug}-${locale}${region ? `-${region}` : ""}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": `inline; filename="${filename.replace(/[^\x20-\x7e]|"/g, "_")}"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
