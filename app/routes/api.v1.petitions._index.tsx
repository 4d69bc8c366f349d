import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseQuery } from "~/lib/api-query.server.ts";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { listQuerySchema } from "~/models/api-contract.server.ts";
import { petitionList } from "~/models/petition-api.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(listQuerySchema, request);
  if (!query.ok) return apiError(400, "bad_query", query.message);
  const { per_page: perPage, ...rest } = query.data;
  return apiJson(await petitionList({ ...rest, perPage }), { request });
}
