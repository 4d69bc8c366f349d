import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseQuery } from "~/lib/api-query.server.ts";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { inclusionQuerySchema, type InclusionProofs } from "~/models/api-contract.server.ts";
import { lookupReceipt } from "~/models/ledger.server.ts";
import {
  checkpointAt,
  IMMUTABLE,
  inclusionProofs,
  latestCheckpoint,
  leafAt,
  leavesOf,
  proofJson,
} from "~/models/log.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";

// Inclusion proofs (RFC 9162 2.1.3) of one log entry, one petition entry, or every entry of a
// receipt, in the tree of a published checkpoint (the latest when `size` is left out).
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(inclusionQuerySchema, request);
  if (!query.ok) return apiError(400, "bad_query", query.message);
  const { size, index, petition: slug, seq, receipt } = query.data;
  const checkpoint = size === undefined ? await latestCheckpoint() : await checkpointAt(size);
  if (!checkpoint) return apiError(404, "not_found", "The log published no checkpoint of this size.");
  let leaves: Awaited<ReturnType<typeof leavesOf>> = [];
  if (index !== undefined) {
    const leaf = await leafAt(index);
    leaves = leaf ? [leaf] : [];
  } else {
    const petition = await findPublicPetition(slug!);
    if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
    const seqs = seq !== undefined ? [seq] : (await lookupReceipt(petition.id, receipt!)).entries.map((e) => e.seq);
    leaves = await leavesOf(petition.id, seqs);
  }
  const proofs = await inclusionProofs(leaves, checkpoint.treeSize);
  if (!proofs.length) return apiError(404, "not_found", "Not in the log at this tree size (or not yet).");
  // Whatever a published tree contains is fixed forever.
  return apiJson({ treeSize: checkpoint.treeSize, proofs: proofJson(proofs) } satisfies InclusionProofs, {
    request,
    headers: { "Cache-Control": size === undefined ? "public, max-age=2" : IMMUTABLE },
  });
}
