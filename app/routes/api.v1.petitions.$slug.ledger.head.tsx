import type { LoaderFunctionArgs } from "@remix-run/node";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { apiError, apiJson } from "~/lib/api.server.ts";
import type { LedgerHead } from "~/models/api-contract.server.ts";
import { ledgerHead, minuteText } from "~/models/ledger.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  const head = await ledgerHead(petition.id);
  return apiJson(
    { seq: head.seq, hash: head.hash, time: head.minute ? minuteText(head.minute) : null } satisfies LedgerHead,
    { request, headers: { "Cache-Control": "public, max-age=2" } },
  );
}
