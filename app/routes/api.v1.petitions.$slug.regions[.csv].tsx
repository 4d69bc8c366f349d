import type { LoaderFunctionArgs } from "@remix-run/node";
import { regions } from "~/data/regions.ts";
import { apiError, csvResponse } from "~/lib/api.server.ts";
import { petitionDetail } from "~/models/petition-api.server.ts";

// Region breakdown for spreadsheets: names in both languages, every tier apart, residents.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const petition = await petitionDetail(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  const byCode = new Map(regions.map((region) => [region.code, region]));
  const header = [
    "code",
    "name_kk",
    "name_ru",
    "confirmed",
    "pending",
    "held",
    "withdrawn",
    "removed",
    "paper",
    "population",
    "population_date",
    "confirmed_per_10000",
  ];
  const rows = petition.body.regions.map((row) => {
    const region = byCode.get(row.code)!;
    const per10k = region.population
      ? Math.round((row.confirmed / region.population) * 10_000 * 10_000) / 10_000
      : null;
    return [
      row.code,
      region.kk,
      region.ru,
      row.confirmed,
      row.pending,
      row.held,
      row.withdrawn,
      row.removed,
      row.paper,
      region.population,
      region.populationDate,
      per10k,
    ];
  });
  return csvResponse([header, ...rows], `${petition.body.slug}-regions.csv`, {
    request,
    lastModified: petition.updatedAt,
  });
}
