import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, cacheable } from "~/lib/api.server.ts";
import { latestCosignedCheckpoint } from "~/models/log.server.ts";

// The latest signed checkpoint (c2sp.org/tlog-checkpoint), with the witnesses' cosignatures.
export async function loader({ request }: LoaderFunctionArgs) {
  const latest = await latestCosignedCheckpoint();
  if (!latest) return apiError(404, "not_found", "The log has no checkpoint yet.");
  return cacheable(latest.note, "text/plain; charset=utf-8", {
    request,
    headers: { "Cache-Control": "public, max-age=2" },
  });
}
