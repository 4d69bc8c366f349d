import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseQuery } from "~/lib/api-query.server.ts";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { ENTRIES_PER_PAGE, entriesQuerySchema, type LogEntries } from "~/models/api-contract.server.ts";
import { IMMUTABLE, latestCheckpoint, leafRange } from "~/models/log.server.ts";

// The log's leaves in pages of at most 1000: each is `petition|seq|hash` of one ledger entry.
// A page with an explicit `end` inside a published tree never changes.
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(entriesQuerySchema, request);
  if (!query.ok) return apiError(400, "bad_query", query.message);
  const published = (await latestCheckpoint())?.treeSize ?? 0;
  const { start, end: asked } = query.data;
  if (asked !== undefined && asked > published)
    return apiError(400, "bad_query", `end: the latest checkpoint has ${published} entries`);
  const end = asked ?? Math.min(start + ENTRIES_PER_PAGE, published);
  const leaves = end > start ? await leafRange(start, end) : [];
  return apiJson(
    {
      start,
      end: Math.max(start, end),
      entries: leaves.map((leaf) => ({ index: leaf.index, petition: leaf.slug, seq: leaf.seq, hash: leaf.hash })),
    } satisfies LogEntries,
    { request, headers: { "Cache-Control": asked === undefined ? "public, max-age=2" : IMMUTABLE } },
  );
}
