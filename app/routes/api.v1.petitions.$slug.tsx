import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { petitionDetail } from "~/models/petition-api.server.ts";
import { rememberResponse } from "~/services/read-cache.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const petition = await petitionDetail(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  return rememberResponse(request, petition.id, apiJson(petition.body, { request, lastModified: petition.updatedAt }));
}
