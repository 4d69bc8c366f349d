import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { findPublicPetition, petitionVersions } from "~/models/petition-api.server.ts";

// Every text a petition was signed on: versions as published, and each minor edit, before and after.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  return apiJson(await petitionVersions(petition), { request });
}
