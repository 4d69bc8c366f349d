// The OpenAPI 3.1 description of the public API, served at /api/v1/openapi.json.
// Its schemas and query parameters are generated from the zod contract
// (app/models/api-contract.server.ts); this file adds what zod does not describe: paths, headers,
// statuses and examples. test/integration/openapi.test.ts calls every path and checks every
// documented status, header and body against it, and runs Redocly's recommended lint on it.
import { z } from "zod";
import { config } from "~/config.server.ts";
import { regionCodes, regions } from "~/data/regions.ts";
import { csvCell } from "~/lib/api.server.ts";
import * as contract from "~/models/api-contract.server.ts";
import type { LedgerEntry, LiveCounts, PetitionDetail } from "~/models/api-contract.server.ts";
import { GENESIS_HASH } from "~/models/ledger.server.ts";
import { tiers } from "~/models/signature-states.ts";

type Json = unknown;
type Obj = { [key: string]: Json };

const COMPONENTS = "#/components/schemas/";
const ref = (name: string): Obj => ({ $ref: `${COMPONENTS}${name}` });

/** Drops what zod adds but the document does not need: registry ids, ±2^53 bounds, date regexes. */
function tidy(value: Json): Json {
  if (Array.isArray(value)) return value.map(tidy);
  if (!value || typeof value !== "object") return value;
  const schema = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, tidy(inner)])) as Obj;
  if (typeof schema.id === "string") delete schema.id;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.format === "date-time" || schema.format === "date") delete schema.pattern;
  return schema;
}

/** The contract's documented answers and every schema with an id they reference, by id. */
function componentSchemas(): Obj {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: "draft-2020-12",
    uri: (id) => `${COMPONENTS}${id}`,
  });
  if ("__shared" in schemas) throw new Error("a contract schema is reused without an id");
  const picked: Obj = {};
  const pick = (id: string) => {
    if (id in picked) return;
    const { $schema: _dialect, $id: _id, ...rest } = schemas[id] as Obj;
    picked[id] = tidy(rest);
    for (const [, target] of JSON.stringify(rest).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) pick(target);
  };
  for (const schema of contract.documentedSchemas) {
    const id = z.globalRegistry.get(schema)?.id;
    if (!id) throw new Error("a documented schema has no id");
    pick(id);
  }
  return picked;
}

/** Query parameters from a query schema of the contract (the one the route parses), with examples. */
function queryParameters(schema: z.ZodObject, extra: Record<string, Obj> = {}): Obj[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const generated = z.toJSONSchema(field as z.ZodType, { io: "input", unrepresentable: "any" });
    const { $schema: _dialect, $defs: _defs, description, ...rest } = tidy(generated) as Obj;
    // Schemas with an id are components: point at them rather than at a local copy.
    const parameterSchema = JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as Obj;
    return {
      name,
      in: "query",
      required: !(field as z.ZodType).safeParse(undefined).success,
      description,
      schema: parameterSchema,
      ...extra[name],
    };
  });
}

// Header values, exactly as the server sends them.
const CACHE_API = "public, max-age=5, stale-while-revalidate=30";
const CACHE_ERROR = "no-store";
const CACHE_HEAD = "public, max-age=2";
const CACHE_LEDGER = "public, max-age=5";
const CACHE_SNAPSHOT = "public, max-age=31536000, immutable";
const CACHE_BADGE = "public, max-age=30, stale-while-revalidate=60";
const CACHE_EMBED = "public, max-age=10";
const CACHE_EVENTS = "no-cache, no-transform";
const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
const CACHE_LOG_KEY = "public, max-age=3600";
const CACHE_DOCUMENT = "public, max-age=300";

const header = (description: string, schema: Obj, required = true): Obj => ({ description, required, schema });
const cacheControl = (value: string) => header("Caching policy of this response.", { type: "string", const: value });
const cors = {
  "Access-Control-Allow-Origin": header("Any origin may read the response (CORS).", { type: "string", const: "*" }),
};
const exposeHeaders = {
  "Access-Control-Expose-Headers": header("Lets browser scripts on other origins read the validators.", {
    type: "string",
    const: "ETag, Last-Modified",
  }),
};
const etag = {
  ETag: header(
    "Weak validator computed from the exact body. Send it back in `If-None-Match` to get `304 Not Modified` when nothing changed.",
    {
      type: "string",
      pattern: '^W/"[A-Za-z0-9_-]{22}"$',
    },
  ),
};
const lastModified = {
  "Last-Modified": header(
    "Time of the last change of the petition's counters (second precision). `If-Modified-Since` is honoured when no `If-None-Match` is sent.",
    {
      type: "string",
      pattern:
        "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$",
    },
  ),
};
const contentDisposition = (pattern: string, example: string) => ({
  "Content-Disposition": { ...header("Suggested file name for the download.", { type: "string", pattern }), example },
});

/** Headers of cacheable responses (200 and 304 share them). */
const cacheableHeaders = (cache: string, withLastModified: boolean, extra: Obj = {}): Obj => ({
  "Cache-Control": cacheControl(cache),
  ...cors,
  ...exposeHeaders,
  ...etag,
  ...(withLastModified ? lastModified : {}),
  ...extra,
});

const json = (schema: string | Obj, example: Json): Obj => ({
  "application/json": { schema: typeof schema === "string" ? ref(schema) : schema, example },
});

const ok = (description: string, headers: Obj, content: Obj): Obj => ({ description, headers, content });
const notModified = (headers: Obj): Obj => ({
  description:
    "Not Modified: the `If-None-Match` (or `If-Modified-Since`) validator still matches. Empty body; the same headers as the 200 response.",
  headers,
});

const errorExample = (status: number, code: string, message: string) => ({ error: { status, code, message } });
const errorResponse = (status: number, schema: string, description: string, message: string, code: string): Obj => ({
  description,
  headers: { "Cache-Control": cacheControl(CACHE_ERROR), ...cors },
  content: json(schema, errorExample(status, code, message)),
});
const notFound = (message = "No published petition has this slug.") =>
  errorResponse(
    404,
    "NotFoundError",
    "No published petition has this slug (unknown slug, a draft, or a statement/report: only petitions are in the API).",
    message,
    "not_found",
  );
const logNotFound = (message: string) =>
  errorResponse(
    404,
    "NotFoundError",
    "No checkpoint of this size, no such petition, or nothing of what was asked is in that tree (yet).",
    message,
    "not_found",
  );
const badQuery = (message: string) =>
  errorResponse(
    400,
    "BadQueryError",
    "A query parameter has an invalid value. The message names the parameter(s) and the rule.",
    message,
    "bad_query",
  );

/** The server refuses any URL with a NUL byte before routing (services/http.server.ts). */
const badUrl: Obj = {
  description: "The URL contains a NUL byte (`%00`): refused before routing, in Kazakh and Russian. Plain text.",
  content: {
    "text/plain": {
      schema: { type: "string", const: "Сұраныс дұрыс емес / Неверный запрос (400)\n" },
      example: "Сұраныс дұрыс емес / Неверный запрос (400)\n",
    },
  },
};

/** The licence of the published figures and texts (decision 056). */
const DATA_LICENSE = {
  name: "Creative Commons Attribution 4.0 International",
  identifier: "CC-BY-4.0",
};

// Schemas referenced only from `x-itemSchema` (an extension that linters do not follow) are
// written in place there, so `components` holds only what the document references.
const EXTENSION_ONLY = ["LedgerEntry", "LiveEvent", "LiveCounts"];

function generatedSchemas() {
  const all = componentSchemas();
  const inline = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(inline);
    if (!value || typeof value !== "object") return value;
    const target = (value as Obj).$ref;
    if (typeof target === "string" && EXTENSION_ONLY.includes(target.slice(COMPONENTS.length))) {
      const { $ref: _ref, ...siblings } = value as Obj;
      return { ...(inline(all[target.slice(COMPONENTS.length)]) as Obj), ...siblings };
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, inline(inner)]));
  };
  const components = Object.fromEntries(Object.entries(all).filter(([id]) => !EXTENSION_ONLY.includes(id)));
  const extensionOnly = Object.fromEntries(EXTENSION_ONLY.map((id) => [id, inline(all[id])]));
  return { components, extensionOnly };
}

// Parameters.
const slugParam: Obj = {
  name: "slug",
  in: "path",
  required: true,
  description: "The petition's slug, as in its page URL `/kk/p/{slug}` or `/ru/p/{slug}`.",
  schema: { type: "string", minLength: 1 },
  example: "fair-elections-petition",
};
const langParam = (what: string) =>
  queryParameters(contract.langQuerySchema, {
    lang: {
      description: `Language of the ${what}: \`kk\` (Kazakh) or \`ru\` (Russian). Any other value falls back to \`kk\`.`,
    },
  });

// Generating the schemas takes tens of milliseconds: build the document once per public URL.
let built: { base: string; document: ReturnType<typeof buildDocument> } | undefined;

/** The document for the configured public URL. */
export function openApiDocument() {
  const base = config().publicUrl;
  if (built?.base !== base) built = { base, document: buildDocument(base) };
  return built.document;
}

function buildDocument(base: string) {
  const slug = "fair-elections-petition";
  const pageUrls = { kk: `${base}/kk/p/${slug}`, ru: `${base}/ru/p/${slug}` };
  const title = { kk: "Адал сайлау үшін: сегіз талап", ru: "За честные выборы: восемь требований" };
  const zeroTiers = Object.fromEntries(tiers.map((tier) => [tier, 0])) as Record<(typeof tiers)[number], number>;
  const exampleRegions = regionCodes.map((code) => ({
    code,
    ...zeroTiers,
    ...(code === "KZ-71" ? { confirmed: 1 } : {}),
    ...(code === "KZ-75" ? { confirmed: 1, pending: 1, withdrawn: 1 } : {}),
    ...(code === "abroad" ? { confirmed: 1 } : {}),
  }));
  const exampleTiers = { ...zeroTiers, confirmed: 3, pending: 1, withdrawn: 1 };
  const headHash = "c0bc42f30c1cdc6b2b0fd6f257bb536c50ada6727b648e8f37ffecd91575f130";
  const exampleCounts: LiveCounts = {
    confirmed: 3,
    tiers: exampleTiers,
    regions: exampleRegions,
    removedByReason: [],
    updatedAt: "2026-11-22T01:03:56.622Z",
  };
  const exampleDetail: PetitionDetail = {
    slug,
    kind: "petition",
    status: "open",
    origin: "organization",
    creator: null,
    title,
    goal: 10000,
    deadline: "2027-01-21T01:03:41.408Z",
    publishedAt: "2026-11-10T01:03:41.408Z",
    version: 1,
    minorEdits: 1,
    edits: [{ version: 1, seq: 1, editedAt: "2026-11-11T08:15:02.114Z", fields: ["summaryRu"] }],
    versionsUrl: `${base}/api/v1/petitions/${slug}/versions`,
    response: { state: "awaiting", respondedAt: null, url: null },
    ...exampleCounts,
    ledger: { seq: 5, hash: headHash, url: `${base}/api/v1/petitions/${slug}/ledger` },
    url: pageUrls,
  };
  const exampleEntries: LedgerEntry[] = [
    {
      seq: 1,
      type: "confirm",
      region: "KZ-75",
      amount: 1,
      minute: "2026-11-22T01:03Z",
      receipt: "Cf0qcLIIWR8jhl3EVJ4DL1",
      reason: "",
      prevHash: GENESIS_HASH,
      hash: "ff52e26c5ef029832c59f25b1d0d26632e338b7326085cf6968fd09851f065b5",
    },
    {
      seq: 2,
      type: "confirm",
      region: "KZ-75",
      amount: 1,
      minute: "2026-11-22T01:03Z",
      receipt: "Q_btpJUnv8NtcK0Oo5STLV",
      reason: "",
      prevHash: "ff52e26c5ef029832c59f25b1d0d26632e338b7326085cf6968fd09851f065b5",
      hash: "b186cefffda4cf4bf1f51f61b5f41f1d6be1197f1063df5ca5c5575f6d16b2ee",
    },
  ];
  const snapshotId = "ZG5dBBtbyi";
  const csvLine = (cells: Array<string | number | null>) => cells.map(csvCell).join(",") + "\r\n";
  const regionsCsvExample =
    "\ufeff" +
    csvLine(["code", "name_kk", "name_ru", ...tiers, "population", "population_date", "confirmed_per_10000"]) +
    exampleRegions
      .map((row, index) => {
        const region = regions[index];
        const per10k = region.population ? Math.round((row.confirmed / region.population) * 10_000 * 100) / 100 : null;
        return csvLine([
          row.code,
          region.kk,
          region.ru,
          ...tiers.map((tier) => row[tier]),
          region.population,
          region.populationDate,
          per10k,
        ]);
      })
      .join("");
  const historyCsvExample =
    "\ufeffinterval_start,confirmed,cumulative\r\n2026-11-22T05:00:00+05:00,0,0\r\n2026-11-22T06:00:00+05:00,3,3\r\n";

  const { components, extensionOnly } = generatedSchemas();
  const jsonDefault = cacheableHeaders(CACHE_API, false);
  const detailHeaders = cacheableHeaders(CACHE_API, true);
  const regionsCsvHeaders = cacheableHeaders(
    CACHE_API,
    true,
    contentDisposition(
      `^attachment; filename="[^"/]+-regions\\.csv"; filename\\*=UTF-8''[^"\\s]+-regions\\.csv$`,
      `attachment; filename="${slug}-regions.csv"; filename*=UTF-8''${slug}-regions.csv`,
    ),
  );
  const historyCsvHeaders = cacheableHeaders(
    CACHE_API,
    false,
    contentDisposition(
      `^attachment; filename="[^"/]+-history-(hour|day)\\.csv"; filename\\*=UTF-8''[^"\\s]+-history-(hour|day)\\.csv$`,
      `attachment; filename="${slug}-history-hour.csv"; filename*=UTF-8''${slug}-history-hour.csv`,
    ),
  );
  const snapshotHeaders = cacheableHeaders(CACHE_SNAPSHOT, false);
  const logInfoHeaders = cacheableHeaders(CACHE_HEAD, false);
  const logKeyHeaders = cacheableHeaders(CACHE_LOG_KEY, false);
  const latestCheckpointHeaders = cacheableHeaders(CACHE_HEAD, false);
  const immutableHeaders = cacheableHeaders(CACHE_IMMUTABLE, false);
  const immutableJsonHeaders = cacheableHeaders(CACHE_IMMUTABLE, false);
  // Proofs and pages for an explicit size never change; without one they follow the latest checkpoint.
  const proofHeaders = cacheableHeaders(CACHE_IMMUTABLE, false, {
    "Cache-Control": header("Immutable when `size` (or `end`) is given, else a few seconds.", {
      type: "string",
      enum: [CACHE_IMMUTABLE, CACHE_HEAD],
    }),
  });
  const exampleOrigin = "dauys.example.kz/log";
  const exampleRoot = "50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c";
  const exampleVerifierKey = "dauys.example.kz/log+9b0cdf2d+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs";
  const exampleWitnessKey = "newsroom.example/witness+5e3c6a10+BCz1lVgcTlI0rDp7mVuYvJ3oTqnUqD9lM0mK2xXj7lIw";
  const exampleNote =
    "dauys.example.kz/log\n5\nUNhY4JhezH9gQYqvDMWrWH9CwlcKiECVqejMrND2VFw=\n\n\u2014 dauys.example.kz/log mwzfLdAgHz/WEkUK13c6wjBk9KGH/rTAnFO5hQCSo2AH8/M3vxgruZkQUjwG1s6lH71dzFrzAPMyGH1ocBiKygzcVQ0=\n";
  const exampleCosignature =
    "\u2014 newsroom.example/witness XjxqEAAAAABrMQCAo2Bq8Ynz7kRk3yXh0dGZlBdJwQ6J7n0bq3fUuB6h0a3eH7mYp9cGm4xD6z3oQ2s9WkUuVbE8oT1yL5nR0dPqAw==";
  const badgeHeaders = cacheableHeaders(CACHE_BADGE, true);

  const csv = (pattern: string, description: string, example: string): Obj => ({
    "text/csv": { schema: { type: "string", contentMediaType: "text/csv", pattern, description }, example },
  });

  const paths: Obj = {
    "/api/v1/petitions": {
      get: {
        operationId: "listPetitions",
        tags: ["petitions"],
        summary: "List published petitions",
        description:
          "Petitions with their confirmed counts. Sorting by count or trend uses the counters and the last hour of the ledger.",
        parameters: queryParameters(contract.listQuerySchema),
        responses: {
          "200": ok(
            "A page of petitions.",
            jsonDefault,
            json("PetitionList", {
              petitions: [
                {
                  slug,
                  kind: "petition",
                  status: "open",
                  origin: "organization",
                  creator: null,
                  title,
                  confirmed: 3,
                  goal: 10000,
                  deadline: "2027-01-21T01:03:41.408Z",
                  publishedAt: "2026-11-10T01:03:41.408Z",
                  url: pageUrls,
                },
              ],
              page: 1,
              perPage: 50,
              total: 1,
            }),
          ),
          "304": notModified(jsonDefault),
          "400": badQuery("per_page: Too big: expected number to be <=200"),
        },
      },
    },
    "/api/v1/petitions/{slug}": {
      parameters: [slugParam],
      get: {
        operationId: "getPetition",
        tags: ["petitions"],
        summary: "One petition with all its figures",
        description:
          "Every tier apart, all 21 region buckets, removals by reason, and the ledger head the figures correspond to.",
        responses: {
          "200": ok("The petition.", detailHeaders, json("PetitionDetail", exampleDetail)),
          "304": notModified(detailHeaders),
          "404": notFound(),
        },
      },
    },
    "/api/v1/petitions/{slug}/history": {
      parameters: [slugParam],
      get: {
        operationId: "getPetitionHistory",
        tags: ["petitions"],
        summary: "Confirmed signatures over time (JSON)",
        parameters: queryParameters(contract.historyQuerySchema),
        responses: {
          "200": ok(
            "The series.",
            jsonDefault,
            json("History", {
              slug,
              interval: "hour",
              timezone: "+05:00",
              points: [
                { start: "2026-11-22T00:00:00.000Z", confirmed: 0, cumulative: 0 },
                { start: "2026-11-22T01:00:00.000Z", confirmed: 3, cumulative: 3 },
              ],
            }),
          ),
          "304": notModified(jsonDefault),
          "400": badQuery('interval: Invalid option: expected one of "hour"|"day"'),
          "404": notFound(),
        },
      },
    },
    "/api/v1/petitions/{slug}/history.csv": {
      parameters: [slugParam],
      get: {
        operationId: "getPetitionHistoryCsv",
        tags: ["petitions"],
        summary: "Confirmed signatures over time (CSV)",
        description:
          "The same series as `/history`, as CSV: UTF-8 with a byte-order mark, CRLF line ends, a header row.",
        parameters: queryParameters(contract.historyQuerySchema),
        responses: {
          "200": ok(
            "The series as CSV.",
            historyCsvHeaders,
            csv(
              "^\\uFEFFinterval_start,confirmed,cumulative\\r\\n(\\d{4}-\\d{2}-\\d{2}T\\d{2}:00:00\\+05:00,-?\\d+,\\d+\\r\\n)*$",
              "Columns: interval_start (ISO 8601 in Kazakhstan time with its offset, +05:00, as the pages show times; a day starts at 00:00+05:00), confirmed (net change), cumulative.",
              historyCsvExample,
            ),
          ),
          "304": notModified(historyCsvHeaders),
          "400": badQuery('interval: Invalid option: expected one of "hour"|"day"'),
          "404": notFound(),
        },
      },
    },
    "/api/v1/petitions/{slug}/regions.csv": {
      parameters: [slugParam],
      get: {
        operationId: "getPetitionRegionsCsv",
        tags: ["petitions"],
        summary: "Region breakdown (CSV)",
        description:
          "One row per region bucket (all 21, fixed order), names in Kazakh and Russian, every tier apart, residents and confirmed signatures per 10 000 residents (rounded to 2 decimals; empty where the population is not confirmed). UTF-8 with a byte-order mark, CRLF line ends.",
        responses: {
          "200": ok(
            "The table.",
            regionsCsvHeaders,
            csv(
              `^\\uFEFFcode,name_kk,name_ru,confirmed,pending,held,withdrawn,removed,paper,population,population_date,confirmed_per_10000\\r\\n((${regionCodes.join("|")}),("([^"]|"")*"|[^",\\r\\n]+),("([^"]|"")*"|[^",\\r\\n]+),(\\d+,){6}(\\d+)?,(\\d{4}-\\d{2}-\\d{2})?,(\\d+(\\.\\d{1,4})?)?\\r\\n){${regionCodes.length}}$`,
              "Columns: code, name_kk, name_ru, confirmed, pending, held, withdrawn, removed, paper, population, population_date, confirmed_per_10000.",
              regionsCsvExample,
            ),
          ),
          "304": notModified(regionsCsvHeaders),
          "404": notFound(),
        },
      },
    },
    "/api/v1/petitions/{slug}/response.pdf": {
      parameters: [slugParam],
      get: {
        operationId: "getPetitionResponseDocument",
        tags: ["petitions"],
        summary: "The official response document (PDF)",
        description:
          "The addressee's answer as the organizers uploaded it, byte for byte. Its SHA-256 is published on the petition page and sent here in `Repr-Digest` (RFC 9530), so a copy can be checked against the page. Only petitions whose response is posted and has a document have one.",
        responses: {
          "200": ok(
            "The document.",
            {
              "Cache-Control": cacheControl(CACHE_DOCUMENT),
              ...cors,
              "Content-Length": header("Size of the document in bytes.", { type: "string", pattern: "^[1-9]\\d*$" }),
              "Content-Disposition": {
                ...header("Shown in the browser, under a name made of the petition's slug.", {
                  type: "string",
                  pattern: '^inline; filename="response-[a-z0-9_-]+\\.pdf"$',
                }),
                example: `inline; filename="response-${slug}.pdf"`,
              },
              "Repr-Digest": {
                ...header("SHA-256 of the document (RFC 9530), the hash published on the petition page, in base64.", {
                  type: "string",
                  pattern: "^sha-256=:[A-Za-z0-9+/]{43}=:$",
                }),
                example: "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:",
              },
              "X-Content-Type-Options": header("Browsers must not guess another type.", {
                type: "string",
                const: "nosniff",
              }),
            },
            {
              "application/pdf": {
                schema: { type: "string", contentMediaType: "application/pdf", description: "A PDF file." },
                example: "%PDF-1.7 …",
              },
            },
          ),
          "404": errorResponse(
            404,
            "NotFoundError",
            "No published petition has this slug, or its response has no document.",
            "This petition has no published response document.",
            "not_found",
          ),
        },
      },
    },
    "/api/v1/petitions/{slug}/ledger": {
      parameters: [slugParam],
      get: {
        operationId: "getPetitionLedger",
        tags: ["ledger"],
        summary: "The public ledger (NDJSON)",
        description:
          "Every entry, oldest first, one JSON object (`LedgerEntry`) per line, each line ending in `\\n`; streamed. Empty body when there are no entries after `after`. No ETag: not answered with 304. The line schema is given in `x-itemSchema` (the `itemSchema` of OpenAPI 3.2).",
        parameters: queryParameters(contract.ledgerQuerySchema),
        responses: {
          "200": {
            description: "The entries as JSON lines.",
            headers: { "Cache-Control": cacheControl(CACHE_LEDGER), ...cors },
            content: {
              "application/x-ndjson": {
                schema: {
                  type: "string",
                  contentMediaType: "application/x-ndjson",
                  description: "Zero or more lines, each a `LedgerEntry` in JSON followed by a newline.",
                },
                "x-itemSchema": extensionOnly.LedgerEntry,
                example: exampleEntries.map((entry) => JSON.stringify(entry)).join("\n") + "\n",
              },
            },
          },
          "400": badQuery("after: must be a sequence number (0 or more)"),
          "404": notFound(),
        },
      },
    },
    "/api/v1/petitions/{slug}/ledger/head": {
      parameters: [slugParam],
      get: {
        operationId: "getPetitionLedgerHead",
        tags: ["ledger"],
        summary: "The last ledger entry",
        description: "Answers `If-None-Match` with 304 while the head is unchanged.",
        responses: {
          "200": ok(
            "The head.",
            { "Cache-Control": cacheControl(CACHE_HEAD), ...cors, ...exposeHeaders, ...etag },
            json("LedgerHead", { seq: 5, hash: headHash, time: "2026-11-22T01:03Z" }),
          ),
          "304": notModified({ "Cache-Control": cacheControl(CACHE_HEAD), ...cors, ...exposeHeaders, ...etag }),
          "404": notFound(),
        },
      },
    },
    "/api/v1/petitions/{slug}/versions": {
      parameters: [slugParam],
      get: {
        operationId: "getPetitionVersions",
        tags: ["petitions"],
        summary: "Every text version and minor edit",
        description:
          "The text of each version as it was published, the confirmed signatures given on it, and every minor edit made to it afterwards with the whole text of each changed field before and after. No text anyone signed is lost: minor edits never overwrite a version's published text.",
        responses: {
          "200": ok(
            "The versions, oldest first.",
            jsonDefault,
            json("PetitionVersions", {
              slug,
              current: 1,
              versions: [
                {
                  number: 1,
                  publishedAt: "2026-11-10T01:03:41.408Z",
                  note: { kk: "", ru: "" },
                  confirmed: 3,
                  text: {
                    title,
                    summary: { kk: "Сайлауда сегіз талап.", ru: "Восемь требований к выборам." },
                    body: { kk: "## Талаптар\n\n1. …", ru: "## Требования\n\n1. …" },
                  },
                  minorEdits: 1,
                  edits: [
                    {
                      seq: 1,
                      editedAt: "2026-11-11T08:15:02.114Z",
                      changes: [
                        {
                          field: "summaryRu",
                          before: "Восемь требований к выборам.",
                          after: "Восемь требований к выборам!",
                        },
                      ],
                    },
                  ],
                  textAfterEdits: {
                    title,
                    summary: { kk: "Сайлауда сегіз талап.", ru: "Восемь требований к выборам!" },
                    body: { kk: "## Талаптар\n\n1. …", ru: "## Требования\n\n1. …" },
                  },
                },
              ],
            }),
          ),
          "304": notModified(jsonDefault),
          "404": notFound(),
        },
      },
    },
    "/api/v1/petitions/{slug}/paper": {
      parameters: [slugParam],
      get: {
        operationId: "getPetitionPaperBatches",
        tags: ["petitions"],
        summary: "Paper signature batches",
        description:
          "The batches behind the `paper` tier, oldest first, with corrections (negative batches naming the batch they correct). Each batch is one `paper` entry of the ledger. No notes, no file names, no user ids.",
        responses: {
          "200": ok(
            "The batches.",
            jsonDefault,
            json("PaperBatches", {
              slug,
              total: 110,
              batches: [
                {
                  receipt: "pQ3k9Zr1xW8sT2mN5vB7cA",
                  region: "KZ-75",
                  count: 120,
                  collectedFrom: "2026-11-01",
                  collectedTo: "2026-11-15",
                  scanSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                  correctsReceipt: null,
                  sheetSerials: "1-20,31",
                  createdAt: "2026-11-20T09:12Z",
                },
                {
                  receipt: "Lm4nB8vC2xZ6qW1eR9tY3u",
                  region: "KZ-75",
                  count: -10,
                  collectedFrom: "2026-11-01",
                  collectedTo: "2026-11-15",
                  scanSha256: null,
                  correctsReceipt: "pQ3k9Zr1xW8sT2mN5vB7cA",
                  sheetSerials: "",
                  createdAt: "2026-11-21T10:40Z",
                },
              ],
            }),
          ),
          "304": notModified(jsonDefault),
          "404": notFound(),
        },
      },
    },
    "/api/v1/petitions/{slug}/events": {
      parameters: [slugParam],
      get: {
        operationId: "streamPetitionCounts",
        tags: ["petitions"],
        summary: "Live counts (server-sent events)",
        description:
          "A `text/event-stream` that first sends `retry: 3000`, then an event `counts` with the current figures, then another `counts` event after every confirmation, withdrawal or moderation (changes within 150 ms are sent as one event; new, still unconfirmed signatures send none). A comment line (`: keep-alive`) every 20 s keeps proxies from closing it. The events are described by `x-itemSchema` (the `itemSchema` of OpenAPI 3.2): `data` is JSON matching `LiveCounts`.",
        responses: {
          "200": {
            description: "The stream (never ends on its own).",
            headers: {
              "Cache-Control": cacheControl(CACHE_EVENTS),
              ...cors,
              "X-Accel-Buffering": header("Asks nginx-style proxies not to buffer the stream.", {
                type: "string",
                const: "no",
              }),
            },
            content: {
              "text/event-stream": {
                schema: { type: "string", description: "Server-sent events." },
                "x-itemSchema": extensionOnly.LiveEvent,
                example: `retry: 3000\n\nevent: counts\ndata: ${JSON.stringify(exampleCounts)}\n\n`,
              },
            },
          },
          "404": notFound(),
        },
      },
    },
    "/api/v1/snapshots/{id}": {
      parameters: [
        {
          name: "id",
          in: "path",
          required: true,
          description: "Snapshot id, from the citable page `/kk/s/{id}` or `/ru/s/{id}`.",
          schema: { type: "string", pattern: "^[A-Za-z0-9]{6,16}$" },
          example: snapshotId,
        },
      ],
      get: {
        operationId: "getSnapshot",
        tags: ["citation"],
        summary: "A frozen, citable snapshot",
        description:
          "Snapshots are taken with the “cite this count” button (POST `/{lang}/p/{slug}/cite`; citations within one minute share a snapshot). They never change, hence the year-long cache.",
        responses: {
          "200": ok(
            "The snapshot.",
            snapshotHeaders,
            json("Snapshot", {
              id: snapshotId,
              petition: { slug, title },
              takenAt: "2026-11-22T01:04:13.213Z",
              confirmed: 3,
              tiers: exampleTiers,
              regions: exampleRegions,
              removedByReason: [],
              ledger: { seq: 5, hash: headHash },
              checkpoint: {
                treeSize: 5,
                note: exampleNote,
                entryIndex: 4,
                url: `${base}/api/v1/log/checkpoint/5`,
              },
              url: { kk: `${base}/kk/s/${snapshotId}`, ru: `${base}/ru/s/${snapshotId}` },
            }),
          ),
          "304": notModified(snapshotHeaders),
          "404": errorResponse(
            404,
            "NotFoundError",
            "No snapshot has this id (or its petition is no longer public).",
            "No snapshot has this id.",
            "not_found",
          ),
        },
      },
    },
    "/api/v1/log": {
      get: {
        operationId: "getLog",
        tags: ["log"],
        summary: "The site's witnessed log: origin, key, latest checkpoint, witnesses",
        description:
          "One RFC 9162 Merkle tree over the ledger entries of every petition, in the order the sequencer integrated them (within a few seconds of each entry). Checkpoints are signed with Ed25519 in the C2SP formats; witnesses cosign them. docs/ledger.md, “The witnessed log”, gives every format with test vectors.",
        responses: {
          "200": ok(
            "The log.",
            logInfoHeaders,
            json("LogInfo", {
              origin: exampleOrigin,
              key: {
                name: exampleOrigin,
                keyId: "9b0cdf2d",
                publicKey: "6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=",
                verifierKey: exampleVerifierKey,
              },
              checkpoint: {
                treeSize: 5,
                rootHash: exampleRoot,
                time: "2026-12-03T09:21:04.120Z",
                url: `${base}/api/v1/log/checkpoint/5`,
              },
              checkpointIntervalSeconds: 10,
              witnesses: [{ name: "newsroom.example/witness", key: exampleWitnessKey, treeSize: 5 }],
            }),
          ),
          "304": notModified(logInfoHeaders),
          "400": badUrl,
        },
      },
    },
    "/api/v1/log/key": {
      get: {
        operationId: "getLogKey",
        tags: ["log"],
        summary: "The log's verifier key",
        description:
          "One line, `<name>+<key ID>+<base64(0x01 || Ed25519 public key)>` (c2sp.org/signed-note): what witnesses and verifiers pin. It is also printed in docs/ledger.md of the site's operators.",
        responses: {
          "200": ok("The key.", logKeyHeaders, {
            "text/plain": {
              schema: { type: "string", pattern: "^[^\\s+]+\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}\\n$" },
              example: `${exampleVerifierKey}\n`,
            },
          }),
          "304": notModified(logKeyHeaders),
          "400": badUrl,
        },
      },
    },
    "/api/v1/log/checkpoint": {
      get: {
        operationId: "getLatestCheckpoint",
        tags: ["log"],
        summary: "The latest signed checkpoint, with witnesses' cosignatures",
        description:
          "A new checkpoint is signed when the log grew, at most every `checkpointIntervalSeconds`. The log's own signature comes first; cosignature lines of listed witnesses follow. (A brand-new site answers 404 until its first checkpoint, within a second of starting.)",
        responses: {
          "200": ok("The checkpoint.", latestCheckpointHeaders, {
            "text/plain": { schema: ref("CheckpointNote"), example: exampleNote },
          }),
          "304": notModified(latestCheckpointHeaders),
          "400": badUrl,
        },
      },
    },
    "/api/v1/log/checkpoint/{size}": {
      parameters: [
        {
          name: "size",
          in: "path",
          required: true,
          description: "The tree size of a checkpoint the log published.",
          schema: { type: "string", pattern: "^\\d{1,10}$" },
          example: "5",
        },
      ],
      get: {
        operationId: "getCheckpoint",
        tags: ["log"],
        summary: "A published checkpoint, by its size",
        description: "Every checkpoint stays retrievable, with the log's signature only, and never changes.",
        responses: {
          "200": ok("The checkpoint.", immutableHeaders, {
            "text/plain": { schema: ref("CheckpointNote"), example: exampleNote },
          }),
          "304": notModified(immutableHeaders),
          "404": logNotFound("The log published no checkpoint of this size."),
        },
      },
    },
    "/api/v1/log/proof/inclusion": {
      get: {
        operationId: "getInclusionProof",
        tags: ["log"],
        summary: "Inclusion proofs of entries in a checkpoint's tree",
        description:
          "Give `index` (a place in the log), or `petition` with `seq` (one ledger entry) or with `receipt` (every entry of a receipt: a signer's or a paper batch's). Entries not yet in that tree are left out; none at all is a 404. With `size` the answer never changes.",
        parameters: queryParameters(contract.inclusionQuerySchema),
        responses: {
          "200": ok(
            "The proofs.",
            proofHeaders,
            json("InclusionProofs", {
              treeSize: 5,
              proofs: [
                {
                  index: 2,
                  petition: slug,
                  seq: 3,
                  hash: exampleEntries[1].hash,
                  leafHash: exampleRoot,
                  path: [exampleRoot, exampleRoot],
                },
              ],
            }),
          ),
          "304": notModified(proofHeaders),
          "400": badQuery("give index, or petition with either seq or receipt"),
          "404": logNotFound("Not in the log at this tree size (or not yet)."),
        },
      },
    },
    "/api/v1/log/proof/consistency": {
      get: {
        operationId: "getConsistencyProof",
        tags: ["log"],
        summary: "Proof that a later checkpoint extends an earlier tree",
        description:
          "What a witness asks for: the tree of `to` entries (a published checkpoint) contains the tree of `from` entries unchanged. Never changes.",
        parameters: queryParameters(contract.consistencyQuerySchema),
        responses: {
          "200": ok(
            "The proof.",
            immutableJsonHeaders,
            json("ConsistencyProof", { from: 3, to: 5, path: [exampleRoot, exampleRoot] }),
          ),
          "304": notModified(immutableJsonHeaders),
          "400": badQuery("from must not be larger than to"),
          "404": logNotFound("The log published no checkpoint of this size."),
        },
      },
    },
    "/api/v1/log/entries": {
      get: {
        operationId: "getLogEntries",
        tags: ["log"],
        summary: "The log's leaves, in pages of at most 1000",
        description:
          "Bulk download: every leaf is `petition|seq|hash` of one ledger entry. Only leaves of published checkpoints; a page with an explicit `end` never changes.",
        parameters: queryParameters(contract.entriesQuerySchema),
        responses: {
          "200": ok(
            "The leaves.",
            proofHeaders,
            json("LogEntries", {
              start: 0,
              end: 2,
              entries: exampleEntries.map((entry, index) => ({
                index,
                petition: slug,
                seq: entry.seq,
                hash: entry.hash,
              })),
            }),
          ),
          "304": notModified(proofHeaders),
          "400": badQuery("end: the latest checkpoint has 5 entries"),
        },
      },
    },
    "/api/v1/log/cosignatures": {
      post: {
        operationId: "postCosignatures",
        tags: ["log"],
        summary: "A witness sends its cosignature",
        description:
          "The body is the checkpoint exactly as this log published it, followed by signature lines; lines from witnesses the site lists (WITNESS_KEYS) are verified (c2sp.org/tlog-cosignature, Ed25519) and kept, others ignored. `npm run witness -- <site> --cosign <keyfile>` does it.",
        requestBody: {
          required: true,
          content: {
            "text/plain": { schema: ref("CheckpointNote"), example: `${exampleNote}${exampleCosignature}\n` },
          },
        },
        responses: {
          "200": {
            description: "Accepted.",
            headers: { "Cache-Control": cacheControl(CACHE_ERROR), ...cors },
            content: json("CosignaturesAccepted", { treeSize: 5, accepted: ["newsroom.example/witness"] }),
          },
          ...Object.fromEntries(
            (
              [
                [400, "bad_note", "The body is not a signed checkpoint note."],
                [403, "bad_signature", "The cosignature of newsroom.example/witness does not verify."],
                [404, "not_found", "This log published no checkpoint of this size."],
                [409, "not_our_checkpoint", "This log published a different checkpoint at this size."],
                [413, "too_large", "At most 16384 bytes."],
              ] as const
            ).map(([status, code, message]) => [
              String(status),
              {
                description: message,
                headers: { "Cache-Control": cacheControl(CACHE_ERROR), ...cors },
                content: json("CosignatureError", errorExample(status, code, message)),
              },
            ]),
          ),
        },
      },
    },
    "/api/oembed": {
      get: {
        operationId: "oembed",
        tags: ["embedding"],
        summary: "oEmbed for petition pages",
        description:
          'Given the URL of a petition page of this site, returns the live counter iframe. Petition pages advertise this endpoint with `<link rel="alternate" type="application/json+oembed">`.',
        parameters: queryParameters(contract.oembedQuerySchema, { url: { example: pageUrls.ru } }),
        responses: {
          "200": ok(
            "The oEmbed response.",
            jsonDefault,
            json("OEmbed", {
              version: "1.0",
              type: "rich",
              provider_name: "Дауыс",
              provider_url: base,
              title: title.ru,
              width: 400,
              height: 260,
              html: `<iframe src="${base}/embed/${slug}?lang=ru" width="400" height="260" style="border:0;max-width:100%" loading="lazy" title="${title.ru}"></iframe>`,
            }),
          ),
          "304": notModified(jsonDefault),
          "404": errorResponse(
            404,
            "NotFoundError",
            "`url` is missing or not a petition page or snapshot of this site, or no published petition has that slug.",
            "url must be a petition page or a snapshot of this site.",
            "not_found",
          ),
          "501": errorResponse(
            501,
            "FormatNotSupportedError",
            "`format` is not `json`.",
            "Only format=json is supported.",
            "format_not_supported",
          ),
        },
      },
    },
    "/badge/{slug}.svg": {
      parameters: [slugParam],
      get: {
        operationId: "getBadge",
        tags: ["embedding"],
        summary: "SVG badge with the confirmed count",
        description:
          'A 20 px high image “Дауыс | N қол” (or “N подписей”) for READMEs and articles, e.g. `<a href="{server}/kk/p/{slug}"><img src="{server}/badge/{slug}.svg?lang=kk" alt="Дауыс"></a>`.',
        parameters: langParam("label"),
        responses: {
          "200": ok("The badge.", badgeHeaders, {
            "image/svg+xml": {
              schema: {
                type: "string",
                pattern:
                  '^<svg xmlns="http://www\\.w3\\.org/2000/svg" width="\\d+" height="20" role="img" aria-label="[^"]*">[\\s\\S]*</svg>$',
              },
              example: `<svg xmlns="http://www.w3.org/2000/svg" width="117" height="20" role="img" aria-label="${title.ru}: 3 подписи"><title>${title.ru}: 3 подписи</title>…</svg>`,
            },
          }),
          "304": notModified(badgeHeaders),
          "404": {
            description: "No published petition has this slug. Plain text, no CORS headers.",
            content: { "text/plain": { schema: { type: "string", const: "Not Found" }, example: "Not Found" } },
          },
        },
      },
    },
    "/embed/{slug}": {
      parameters: [slugParam],
      get: {
        operationId: "getEmbed",
        tags: ["embedding"],
        summary: "Live counter page for iframes",
        description: `The only page other sites may frame (\`Content-Security-Policy: frame-ancestors *\`, no \`X-Frame-Options\`). It shows the title, the confirmed count, progress to the goal and a link to sign, and updates live. Suggested code: \`<iframe src="{server}/embed/{slug}?lang=kk" width="400" height="260" style="border:0;max-width:100%" loading="lazy" title="Дауыс"></iframe>\`.`,
        parameters: langParam("page"),
        responses: {
          "200": {
            description: "An HTML page.",
            headers: {
              "Cache-Control": cacheControl(CACHE_EMBED),
              "Content-Security-Policy": header("Allows framing by any site.", {
                type: "string",
                pattern: "(^|; )frame-ancestors \\*(;|$)",
              }),
            },
            content: {
              "text/html": {
                schema: { type: "string", pattern: '^<!DOCTYPE html><html lang="(kk|ru)">' },
                example: '<!DOCTYPE html><html lang="kk"><head>…</head><body>…</body></html>',
              },
            },
          },
          "304": notModified({ "Cache-Control": cacheControl(CACHE_EMBED) }),
          "404": {
            description: "No published petition has this slug: the site's HTML error page.",
            content: {
              "text/html": {
                schema: { type: "string", pattern: "^<!DOCTYPE html>" },
                example: '<!DOCTYPE html><html lang="kk">…</html>',
              },
            },
          },
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApi",
        tags: ["meta"],
        summary: "This document",
        responses: {
          "200": ok(
            "The OpenAPI 3.1 document.",
            jsonDefault,
            json("OpenApiDocument", {
              openapi: "3.1.0",
              info: { title: "Dauys public API", version: "1.0.0" },
              servers: [{ url: base }],
              paths: {},
              components: {},
            }),
          ),
          "304": notModified(jsonDefault),
          "400": badUrl,
        },
      },
    },
  };

  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Dauys public API",
      version: "1.0.0",
      license: DATA_LICENSE,
      summary:
        "Email-verified public support for petitions in Kazakhstan: counts by region, a verifiable ledger, citable snapshots.",
      description: [
        "Read-only, open to any origin (`Access-Control-Allow-Origin: *`), no key, no personal data.",
        "",
        "**What the counts mean.** A signature counts (`confirmed`) only after its signer opened the link sent to their email address. Every other tier (pending, held, withdrawn, removed, paper) is published apart and never added to it. Dauys counts are email-verified public support, **not** official e-petitions: those need an eGov digital signature, which Dauys does not replace.",
        "",
        "**Citing.** Quote a snapshot (`/api/v1/snapshots/{id}`, page `/kk/s/{id}`) or the ledger head (`ledger.seq` and `ledger.hash`) together with the figure: anyone can recompute it from the ledger (`npm run verify -- <site> <slug>`).",
        "",
        "**Witnessed.** Every ledger entry of every petition also goes into one signed Merkle log for the site (`/api/v1/log`): checkpoints in the C2SP formats, inclusion and consistency proofs (RFC 9162), cosigned by outside witnesses (`npm run witness -- <site>`). Save a checkpoint with a citation; `npm run verify -- <site> <slug> --checkpoint <file>` then proves nothing before it changed.",
        "",
        "**Caching.** JSON and CSV carry a weak `ETag` (and for counts `Last-Modified`); send `If-None-Match` to get an empty `304`. Most responses may be cached for 5 s.",
        "",
        "Guides: /api/docs/en (English), /kk/api (Kazakh), /ru/api (Russian).",
      ].join("\n"),
    },
    servers: [{ url: base, description: "This Dauys site" }],
    // A public API: no operation needs credentials (Redocly's `security-defined` wants it said).
    security: [],
    tags: [
      { name: "petitions", description: "Petitions and their counts" },
      { name: "ledger", description: "The hash-chained public ledger (docs/ledger.md)" },
      { name: "citation", description: "Frozen, citable snapshots" },
      { name: "log", description: "The site's signed, witnessed Merkle log of every ledger entry (docs/ledger.md)" },
      { name: "embedding", description: "Counters for other sites: iframe, badge, oEmbed" },
      { name: "meta", description: "This description" },
    ],
    externalDocs: { description: "Guide for journalists and developers", url: `${base}/api/docs/en` },
    paths,
    components: { schemas: components },
  };
}
