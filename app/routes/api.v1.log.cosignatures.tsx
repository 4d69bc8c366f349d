import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, apiHeaders } from "~/lib/api.server.ts";
import { addCosignatures } from "~/models/log.server.ts";

const MAX_BYTES = 16_384;

const refusals = {
  bad_note: (message: string) => apiError(400, "bad_note", message),
  bad_signature: (message: string) => apiError(403, "bad_signature", message),
  unknown_witness: (message: string) => apiError(403, "unknown_witness", message),
  not_found: (message: string) => apiError(404, "not_found", message),
  wrong_log: (message: string) => apiError(409, "wrong_log", message),
  not_our_checkpoint: (message: string) => apiError(409, "not_our_checkpoint", message),
};

// Witnesses send their cosignatures here (scripts/witness.js --cosign): the checkpoint note as
// this log published it, with their signature lines. Only keys in WITNESS_KEYS are kept.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "POST a cosigned checkpoint.");
  if (Number(request.headers.get("content-length") ?? MAX_BYTES + 1) > MAX_BYTES)
    return apiError(413, "too_large", `At most ${MAX_BYTES} bytes.`);
  const answer = await addCosignatures(await request.text());
  if (!answer.ok) return refusals[answer.code](answer.message);
  return new Response(JSON.stringify({ treeSize: answer.treeSize, accepted: answer.accepted }), {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", ...apiHeaders, "Cache-Control": "no-store" },
  });
}

export function loader() {
  return apiError(405, "method_not_allowed", "POST a cosigned checkpoint.");
}
