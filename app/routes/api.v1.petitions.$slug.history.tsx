import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseQuery } from "~/lib/api-query.server.ts";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { historyQuerySchema, type History } from "~/models/api-contract.server.ts";
import { confirmedHistory } from "~/models/history.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const query = parseQuery(historyQuerySchema, request);
  if (!query.ok) return apiError(400, "bad_query", query.message);
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  const points = await confirmedHistory(petition.id, query.data.interval);
  const body: History = { slug: petition.slug, interval: query.data.interval, timezone: "+05:00", points };
  return apiJson(body, { request });
}
