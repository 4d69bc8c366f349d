import { cacheable } from "~/lib/api.server.ts";
import { logVerifierKey } from "~/models/log.server.ts";
import type { LoaderFunctionArgs } from "@remix-run/node";

// The log's verifier key (c2sp.org/signed-note), one line: what witnesses pin.
export async function loader({ request }: LoaderFunctionArgs) {
  return cacheable(`${logVerifierKey()}\n`, "text/plain; charset=utf-8", {
    request,
    headers: { "Cache-Control": "public, max-age=3600" },
  });
}
