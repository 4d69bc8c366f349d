import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiJson } from "~/lib/api.server.ts";
import type { PaperBatches } from "~/models/api-contract.server.ts";
import { publicBatches } from "~/models/paper.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";

// The paper batches of a petition, oldest first: what the `paper` tier is made of.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  const batches = await publicBatches(petition.id);
  return apiJson(
    {
      slug: petition.slug,
      total: batches.reduce((sum, batch) => sum + batch.count, 0),
      batches,
    } satisfies PaperBatches,
    { request },
  );
}
