import type { LoaderFunctionArgs } from "@remix-run/node";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { apiError } from "~/lib/api.server.ts";
import { ledgerPage, publicEntry } from "~/models/ledger.server.ts";

// The whole ledger as JSON lines, streamed page by page; ?after=<seq> resumes a download.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const afterParam = new URL(request.url).searchParams.get("after") ?? "0";
  if (!/^\d{1,9}$/.test(afterParam)) return apiError(400, "bad_query", "after must be a sequence number (0 or more).");
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  let after = Number(afterParam);
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
      "X-Content-Type-Options": "nosniff",
    },
  });
}
