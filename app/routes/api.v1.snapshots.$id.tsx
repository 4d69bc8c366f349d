import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "~/config.server.ts";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { getSnapshot, snapshotJson } from "~/models/snapshot.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const snapshot = await getSnapshot(params.id ?? "");
  if (!snapshot) return apiError(404, "not_found", "No snapshot has this id.");
  // Immutable: cache for a year.
  return apiJson(snapshotJson(snapshot, config().publicUrl), {
    request,
    headers: { "Cache-Control": "public, max-age=31536000, immutable" },
  });
}
