import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseQuery } from "~/lib/api-query.server.ts";
import { apiError } from "~/lib/api.server.ts";
import { ledgerQuerySchema } from "~/models/api-contract.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { ledgerPage, publicEntry } from "~/models/ledger.server.ts";

// The whole ledger as JSON lines, streamed page by page; ?after=<seq> resumes a download.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const query = parseQuery(ledgerQuerySchema, request);
  if (!query.ok) return apiError(400, "bad_query", query.message);
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  let after = query.data.after ?? 0;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const page = await ledgerPage(petition.id, after, 2_000);
      if (page.length === 0) return controller.close();
      after = page[page.length - 1].seq;
      controller.enqueue(encoder.encode(page.map((entry) => JSON.stringify(publicEntry(entry))).join("\n") + "\n"));
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=5",
    },
  });
}
