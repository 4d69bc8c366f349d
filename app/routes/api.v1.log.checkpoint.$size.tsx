import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, cacheable } from "~/lib/api.server.ts";
import { checkpointAt, IMMUTABLE } from "~/models/log.server.ts";

// Every checkpoint the log published, by tree size, with the log's signature only: never changes.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const size = /^\d{1,10}$/.test(params.size ?? "") ? Number(params.size) : -1;
  const checkpoint = size >= 0 ? await checkpointAt(size) : null;
  if (!checkpoint) return apiError(404, "not_found", "The log published no checkpoint of this size.");
  return cacheable(checkpoint.note, "text/plain; charset=utf-8", { request, headers: { "Cache-Control": IMMUTABLE } });
}
