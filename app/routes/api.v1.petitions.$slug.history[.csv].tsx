import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseQuery } from "~/lib/api-query.server.ts";
import { apiError, csvResponse } from "~/lib/api.server.ts";
import { isoKazakhstan } from "~/lib/format.ts";
import { historyQuerySchema } from "~/models/api-contract.server.ts";
import { confirmedHistory } from "~/models/history.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const query = parseQuery(historyQuerySchema, request);
  if (!query.ok) return apiError(400, "bad_query", query.message);
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  const points = await confirmedHistory(petition.id, query.data.interval);
  return csvResponse(
    [
      // Kazakhstan time with its offset, as on the pages (decision 050): a day starts at 00:00+05:00.
      ["interval_start", "confirmed", "cumulative"],
      ...points.map((point) => [isoKazakhstan(point.start), point.confirmed, point.cumulative]),
    ],
    `${petition.slug}-history-${query.data.interval}.csv`,
    { request },
  );
}
