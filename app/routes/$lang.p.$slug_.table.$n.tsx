import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLocale } from "~/i18n.ts";
import { csvResponse } from "~/lib/api.server.ts";
import { extractTables } from "~/lib/markdown-tables.server.ts";
import { getPublishedPublication } from "~/models/publication.server.ts";

// /kk/p/<slug>/table/<n>: table n of the publication (in that language) as CSV.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const publication = await getPublishedPublication(params.slug ?? "");
  if (!publication) throw new Response("Not Found", { status: 404 });
  const tables = extractTables(locale === "kk" ? publication.bodyKk : publication.bodyRu);
  const n = Number(params.n);
  const table = Number.isInteger(n) ? tables[n - 1] : undefined;
  if (!table) throw new Response("Not Found", { status: 404 });
  return csvResponse([table.header, ...table.rows], `${publication.slug}-${locale}-table-${n}.csv`, {
    request,
    lastModified: publication.updatedAt,
  });
}
