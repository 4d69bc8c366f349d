import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseQuery } from "~/lib/api-query.server.ts";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { consistencyQuerySchema, type ConsistencyProof } from "~/models/api-contract.server.ts";
import { checkpointAt, consistency, IMMUTABLE } from "~/models/log.server.ts";

// A consistency proof (RFC 9162 2.1.4) from any earlier tree size to a published checkpoint: the
// larger tree extends the smaller one. Never changes.
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(consistencyQuerySchema, request);
  if (!query.ok) return apiError(400, "bad_query", query.message);
  const { from, to } = query.data;
  if (!(await checkpointAt(to))) return apiError(404, "not_found", "The log published no checkpoint of this size.");
  const path = await consistency(from, to);
  return apiJson({ from, to, path: path.map((node) => node.toString("hex")) } satisfies ConsistencyProof, {
    request,
    headers: { "Cache-Control": IMMUTABLE },
  });
}
