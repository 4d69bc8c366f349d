import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson } from "~/lib/api.server.ts";
import { openApiDocument } from "~/lib/openapi.server.ts";

// The OpenAPI 3.1 description of the public API (app/lib/openapi.server.ts).
export async function loader({ request }: LoaderFunctionArgs) {
  return apiJson(openApiDocument(), { request });
}
