import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson } from "~/lib/api.server.ts";
import { openApiDocument } from "~/services/openapi.server.ts";

// The OpenAPI 3.1 description of the public API (app/services/openapi.server.ts, generated from app/models/api-contract.server.ts).
export async function loader({ request }: LoaderFunctionArgs) {
  return apiJson(openApiDocument(), { request });
}
