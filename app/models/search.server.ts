// Search across all published texts in both languages: SQLite FTS5 or PostgreSQL full text.
// Kazakh and Russian add endings to words (сайлау, сайлауға, сайлаудың; выборы, выборов), and
// neither database ships a Kazakh stemmer, so each long word is cut to a stem and searched as a
// prefix. Crude, but it finds the usual word forms in both languages.
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import { searchFold } from "~/lib/kazakh-latin.ts";
import { publicStatuses } from "~/models/publication.server.ts";

const MAX_TERMS = 8;

/** Lower-cased words of letters and digits, each long word cut to a stem. */
export function searchTerms(query: string) {
  const words =
    query
      .normalize("NFC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [
    ...new Set(
      words
        .filter((word) => word.length >= 2)
        .map((word) => (word.length > 6 ? word.slice(0, word.length - 3) : word.length > 4 ? word.slice(0, 4) : word)),
    ),
  ].slice(0, MAX_TERMS);
}

/**
 * Full-text hits first, then texts that contain every stem of the query in the two-script search
 * key (decision 055): "adal sailau", "adal saılau" and "адал сайлау" find the same publications.
 */
export async function searchPublications(query: string, limit = 30): Promise<string[]> {
  const [exact, folded] = await Promise.all([fullTextSearch(query, limit), foldedSearch(query, limit)]);
  return [...new Set([...exact, ...folded])].slice(0, limit);
}

/**
 * Publications whose stored search key (migration *_search_key: a generated column on PostgreSQL,
 * a table kept by triggers on SQLite) has every stem at a word's start. The key is computed when a
 * text is written, not per search (decision 057).
 */
async function foldedSearch(query: string, limit: number): Promise<string[]> {
  const terms = searchTerms(searchFold(query)).filter((term) => /^[\p{L}\p{N}]+$/u.test(term));
  if (terms.length === 0) return [];
  const statuses = [...publicStatuses];
  const rows = await db().$queryRawUnsafe<{ id: string }[]>(
    config().database === "postgres"
      ? `SELECT "id" FROM "Publication" WHERE "status" = ANY($1::text[]) AND ${terms.map((_, i) => `"searchKey" LIKE $${i + 3}`).join(" AND ")}
         ORDER BY "publishedAt" DESC NULLS LAST LIMIT $2`
      : `SELECT p."id" AS "id" FROM "Publication" p JOIN "PublicationSearchKey" k ON k."publicationId" = p."id"
         WHERE p."status" IN (?, ?, ?) AND ${terms.map(() => `k."key" LIKE ?`).join(" AND ")}
         ORDER BY p."publishedAt" DESC LIMIT ?`,
    ...(config().database === "postgres"
      ? [statuses, limit, ...terms.map((term) => `% ${term}%`)]
      : [...statuses, ...terms.map((term) => `% ${term}%`), limit]),
  );
  return rows.map((row) => row.id);
}

async function fullTextSearch(query: string, limit: number): Promise<string[]> {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const statuses = [...publicStatuses];
  if (config().database === "sqlite") {
    // FTS5 syntax: each term quoted (no operators from the user) and used as a prefix.
    const match = terms.map((term) => `"${term}"*`).join(" ");
    const rows = await db().$queryRawUnsafe<{ publicationId: string }[]>(
      `SELECT s."publicationId" AS "publicationId" FROM "PublicationSearch" s JOIN "Publication" p ON p."id" = s."publicationId"
       WHERE "PublicationSearch" MATCH ? AND p."status" IN (?, ?, ?)
       GROUP BY s."publicationId" ORDER BY MIN(s.rank) LIMIT ?`,
      match,
      ...statuses,
      limit,
    );
    return rows.map((row) => row.publicationId);
  }
  const tsquery = terms.map((term) => `${term.replace(/[^\p{L}\p{N}]/gu, "")}:*`).join(" & ");
  const rows = await db().$queryRawUnsafe<{ id: string }[]>(
    `SELECT "id" FROM "Publication"
     WHERE "status" = ANY($2::text[]) AND ("searchKk" @@ to_tsquery('simple', $1) OR "searchRu" @@ to_tsquery('simple', $1))
     ORDER BY greatest(ts_rank("searchKk", to_tsquery('simple', $1)), ts_rank("searchRu", to_tsquery('simple', $1))) DESC
     LIMIT $3`,
    tsquery,
    statuses,
    limit,
  );
  return rows.map((row) => row.id);
}
