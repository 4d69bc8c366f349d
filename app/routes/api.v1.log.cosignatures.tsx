import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, apiHeaders } from "~/lib/api.server.ts";
import {
  COSIGNATURE_MAX_BYTES as MAX_BYTES,
  cosignatureRefusals,
  type CosignaturesAccepted,
} from "~/models/api-contract.server.ts";
import { addCosignatures } from "~/models/log.server.ts";

// Witnesses send their cosignatures here (scripts/witness.js --cosign): the checkpoint note as
// this log published it, with their signature lines. Only keys in WITNESS_KEYS are kept.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "POST a cosigned checkpoint.");
  if (Number(request.headers.get("content-length") ?? MAX_BYTES + 1) > MAX_BYTES)
    return apiError(cosignatureRefusals.too_large, "too_large", `At most ${MAX_BYTES} bytes.`);
  const answer = await addCosignatures(await request.text());
  if (!answer.ok) return apiError(cosignatureRefusals[answer.code], answer.code, answer.message);
  return new Response(
    JSON.stringify({ treeSize: answer.treeSize, accepted: answer.accepted } satisfies CosignaturesAccepted),
    {
      status: 200,
      headers: { "Content-Type": "application/json; charset=utf-8", ...apiHeaders, "Cache-Control": "no-store" },
    },
  );
}

export function loader() {
  return apiError(405, "method_not_allowed", "POST a cosigned checkpoint.");
}
