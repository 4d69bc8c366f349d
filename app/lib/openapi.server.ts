// The OpenAPI 3.1 description of the public API, served at /api/v1/openapi.json.
// It describes what the routes really return (test/integration/openapi.test.ts calls every path
// and checks every documented status, header and body against it), so edit both together.
// Schemas are plain JSON Schema 2020-12; examples live on media types and as `examples`.
import { config } from "~/config.server.ts";
import { regionCodes, regions } from "~/data/regions.ts";
import { csvCell } from "~/lib/api.server.ts";
import { tiers } from "~/models/counts.server.ts";
import { GENESIS_HASH, ledgerTypes } from "~/models/ledger.server.ts";
import { reasonedTypes } from "~/models/signature-states.ts";
import { publicStatuses } from "~/models/publication.server.ts";
import { MINOR_EDITS_PER_VERSION, textFieldNames } from "~/models/text-versions.server.ts";
import { removalReasons } from "~/models/signature.server.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const ref = (name: string): Obj => ({ $ref: `#/components/schemas/${name}` });
const count = (description: string, minimum = 0): Obj => ({ type: "integer", minimum, description });
const closed = (properties: Obj, description: string, extra: Obj = {}): Obj => ({
  type: "object",
  description,
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

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

const errorSchema = (status: number, code: string, description: string): Obj =>
  closed(
    {
      error: closed(
        {
          status: { type: "integer", const: status, description: "The HTTP status, repeated." },
          code: { type: "string", const: code, description: "Stable machine-readable code." },
          message: { type: "string", minLength: 1, description: "Human-readable explanation in English." },
        },
        "What went wrong.",
      ),
    },
    description,
  );

// Parameters.
const slugParam: Obj = {
  name: "slug",
  in: "path",
  required: true,
  description: "The petition's slug, as in its page URL `/kk/p/{slug}` or `/ru/p/{slug}`.",
  schema: { type: "string", minLength: 1 },
  example: "fair-elections-petition",
};
const langParam = (what: string): Obj => ({
  name: "lang",
  in: "query",
  required: false,
  description: `Language of the ${what}: \`kk\` (Kazakh) or \`ru\` (Russian). Any other value falls back to \`kk\`.`,
  schema: { type: "string", enum: ["kk", "ru"], default: "kk" },
});
const intervalParam: Obj = {
  name: "interval",
  in: "query",
  required: false,
  description:
    "Bucket size: `hour` (UTC hours) or `day` (calendar days in Kazakhstan, UTC+5: a day starts at 19:00 UTC of the previous date). Any other value is a 400.",
  schema: { type: "string", enum: ["hour", "day"], default: "hour" },
};

/** The document. Built per call from the configured public URL (it is small). */
export function openApiDocument() {
  const base = config().publicUrl;
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
  const exampleCounts = {
    confirmed: 3,
    tiers: exampleTiers,
    regions: exampleRegions,
    removedByReason: [],
    updatedAt: "2026-11-22T01:03:56.622Z",
  };
  const exampleDetail = {
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
  const exampleEntries = [
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

  const countProperties: Obj = {
    confirmed: count(
      "Confirmed signatures that count now: people who confirmed by email, minus withdrawals and removals. Equals `tiers.confirmed` and the sum of `regions[].confirmed`. Paper signatures are never included.",
    ),
    tiers: ref("Tiers"),
    regions: ref("Regions"),
    removedByReason: ref("RemovedByReason"),
    updatedAt: {
      type: "string",
      format: "date-time",
      description:
        "When any counter of this petition last changed (any tier, including a new pending signature). It is the petition's `Last-Modified`.",
    },
  };

  const schemas: Obj = {
    RegionCode: {
      type: "string",
      enum: regionCodes,
      description:
        "ISO 3166-2:KZ code of one of the 17 regions (oblys) or the 3 cities of republican significance (KZ-71 Astana, KZ-75 Almaty, KZ-79 Shymkent), or `abroad` for signers living outside Kazakhstan.",
    },
    Kind: {
      type: "string",
      enum: ["petition", "statement"],
      description:
        'Publication kind. Petitions, and position statements their organizers opened for endorsement ("I support this statement"): both collect email-confirmed signatures and are counted the same way. Reports and other statements collect none and are not in the API.',
    },
    Status: {
      type: "string",
      enum: [...publicStatuses],
      description: "`open`: collecting signatures; `closed`: signing has ended; `archived`: kept for the record.",
    },
    RemovalReason: { type: "string", enum: [...removalReasons], description: "Why a moderator removed a signature." },
    LedgerType: {
      type: "string",
      enum: [...ledgerTypes],
      description:
        "What the entry moves between tiers (docs/ledger.md): `sign` → pending; `confirm` pending → confirmed; `hold` pending → held (flagged by an abuse rule); `release` held → confirmed; `withdraw`, `withdraw-pending`, `withdraw-held` confirmed/pending/held → withdrawn; `remove`, `remove-pending`, `remove-held` → removed (with a reason); `restore`, `restore-pending`, `restore-held` removed → confirmed/pending/held; `paper` a batch of paper signatures (negative: a correction).",
    },
    Hash: { type: "string", pattern: "^[0-9a-f]{64}$", description: "SHA-256, lowercase hex." },
    Titles: closed(
      {
        kk: { type: "string", minLength: 1, description: "Title in Kazakh." },
        ru: { type: "string", minLength: 1, description: "Title in Russian." },
      },
      "The title in both languages.",
      { examples: [title] },
    ),
    PageUrls: closed(
      {
        kk: { type: "string", format: "uri", description: "Page in Kazakh." },
        ru: { type: "string", format: "uri", description: "Page in Russian." },
      },
      "Public web pages in both languages.",
    ),
    Tiers: closed(
      {
        confirmed: count("Confirmed by email and counted."),
        pending: count("Signed, waiting for the email link to be opened. Not counted."),
        held: count("Confirmed but flagged by an abuse rule and held for review. Not counted."),
        withdrawn: count("Withdrawn by their signers after confirming. Not counted."),
        removed: count("Removed by a moderator (see `removedByReason`). Not counted."),
        paper: count("Paper signatures handed over in batches. Published apart, never added to `confirmed`."),
      },
      "Totals per tier. Tiers are never blended: only `confirmed` is the petition's count.",
      { examples: [exampleTiers] },
    ),
    RegionFigures: closed(
      {
        code: ref("RegionCode"),
        ...Object.fromEntries(tiers.map((tier) => [tier, count(`The \`${tier}\` tier in this region.`)])),
      },
      "Every tier of one region bucket.",
    ),
    Regions: {
      type: "array",
      items: ref("RegionFigures"),
      minItems: regionCodes.length,
      maxItems: regionCodes.length,
      description: `Always all ${regionCodes.length} buckets, zeros included, in this fixed order: ${regionCodes.join(", ")}.`,
    },
    RemovedByReason: {
      type: "array",
      items: closed(
        {
          reason: ref("RemovalReason"),
          removed: count("Signatures removed for this reason (net of restorations).", 1),
        },
        "Removals for one reason.",
      ),
      description: "Removals by reason, sorted by reason; reasons with none are left out.",
      examples: [[{ reason: "duplicate", removed: 2 }]],
    },
    LiveCounts: closed(countProperties, "The count part of a petition (the same fields as in `PetitionDetail`).", {
      examples: [exampleCounts],
    }),
    PetitionSummary: {
      type: "object",
      description: "One petition in a list.",
      properties: {
        slug: { type: "string", minLength: 1 },
        kind: ref("Kind"),
        status: ref("Status"),
        origin: ref("Origin"),
        creator: ref("Creator"),
        title: ref("Titles"),
        confirmed: count("Confirmed signatures that count now (as `confirmed` of the detail)."),
        lastHour: count(
          "Only with `sort=trending`: confirmations appended to the ledger in the last 60 minutes (gross: withdrawals and removals are not subtracted).",
        ),
        goal: { type: ["integer", "null"], description: "The organizers' goal, or null." },
        deadline: {
          type: ["string", "null"],
          format: "date-time",
          description: "When signing ends, or null for no deadline.",
        },
        publishedAt: { type: ["string", "null"], format: "date-time", description: "When the petition was published." },
        url: ref("PageUrls"),
      },
      required: [
        "slug",
        "kind",
        "status",
        "origin",
        "creator",
        "title",
        "confirmed",
        "goal",
        "deadline",
        "publishedAt",
        "url",
      ],
      additionalProperties: false,
    },
    PetitionList: closed(
      {
        petitions: {
          type: "array",
          items: { oneOf: [ref("PetitionSummary"), ref("RejectedPetition")] },
          description:
            "This page of the list; empty beyond the last page. With `status=rejected`, rejected citizen petitions (`RejectedPetition`).",
        },
        page: count("The page returned.", 1),
        perPage: { type: "integer", minimum: 1, maximum: 200, description: "Page size used." },
        total: count("Petitions matching the filter, on all pages."),
      },
      "A page of published petitions.",
    ),
    Origin: {
      type: "string",
      enum: ["organization", "citizen"],
      description:
        "`organization`: published by an organization from its workspace; `citizen`: started by a person at `/{lang}/start`, supported by the first signers and published by a moderator (its signatures are counted exactly the same way).",
    },
    Creator: {
      type: ["object", "null"],
      properties: {
        name: {
          type: ["string", "null"],
          description: "The citizen who started the petition, only if they agreed to show their name; else null.",
        },
      },
      required: ["name"],
      additionalProperties: false,
      description: "For citizen petitions: who started it. Null for organizations' petitions.",
    },
    RejectedPetition: closed(
      {
        slug: { type: "string", minLength: 1 },
        kind: { type: "string", const: "petition" },
        status: { type: "string", const: "rejected" },
        origin: { type: "string", const: "citizen" },
        title: {
          oneOf: [ref("Titles"), { type: "null" }],
          description: "Null where the reason hides the petition's words (defamatory, personal-data, hate).",
        },
        rejection: closed(
          {
            reason: {
              type: "string",
              enum: ["duplicate", "not-actionable", "defamatory", "personal-data", "hate", "advertising", "nonsense"],
              description: "The published standard (`/{lang}/standards`) the petition did not meet.",
            },
            rejectedAt: { type: "string", format: "date-time" },
            note: {
              type: ["string", "null"],
              description: "The moderator's public note, if any (null where the words are hidden).",
            },
            duplicateOf: {
              oneOf: [
                closed({ slug: { type: "string" }, url: ref("PageUrls") }, "The open petition it duplicates."),
                { type: "null" },
              ],
            },
          },
          "Why and when a moderator rejected it.",
        ),
      },
      "A citizen petition a moderator rejected (listed with `status=rejected`). Its creator is never named.",
    ),
    PetitionDetail: closed(
      {
        slug: { type: "string", minLength: 1 },
        kind: ref("Kind"),
        status: ref("Status"),
        origin: ref("Origin"),
        creator: ref("Creator"),
        title: ref("Titles"),
        goal: { type: ["integer", "null"], description: "The organizers' goal, or null." },
        deadline: {
          type: ["string", "null"],
          format: "date-time",
          description: "When signing ends, or null for no deadline.",
        },
        publishedAt: { type: ["string", "null"], format: "date-time", description: "When the petition was published." },
        version: {
          type: "integer",
          minimum: 1,
          description:
            "Number of the current text version. A change of the text after signatures exist makes a new version; the page's version history shows the confirmed count per version.",
        },
        minorEdits: count(
          `Minor edits made to the current version: typo fixes that keep the version number. At most ${MINOR_EDITS_PER_VERSION} per version, and together small measured against the text as the version was published. Edits made before edit history was kept are counted here but not listed in \`edits\`.`,
        ),
        edits: {
          type: "array",
          items: ref("MinorEditSummary"),
          description:
            "Every recorded minor edit of every version, oldest first, with the fields it changed. Their texts, before and after, are at `versionsUrl`.",
        },
        versionsUrl: {
          type: "string",
          format: "uri",
          description: "Every version's text as published and each minor edit before and after (`GET …/versions`).",
        },
        response: closed(
          {
            state: {
              type: "string",
              enum: ["none", "awaiting", "answered"],
              description:
                "`awaiting`: the petition has an addressee who has not answered yet; `answered`: the official response is published on the page; `none`: no addressee (or not a petition).",
            },
            respondedAt: {
              type: ["string", "null"],
              format: "date-time",
              description: "Date of the official response (noon UTC of that day), or null.",
            },
            url: {
              type: ["string", "null"],
              format: "uri",
              description: "Link to the response document, if the organizers gave one.",
            },
          },
          "The addressee's official response.",
        ),
        ...countProperties,
        ledger: closed(
          {
            seq: count("Sequence number of the last ledger entry these counts include (0: no entries yet)."),
            hash: ref("Hash"),
            url: { type: "string", format: "uri", description: "Where to download the ledger." },
          },
          "The ledger head at the time of these counts: cite it to pin the figures.",
        ),
        url: ref("PageUrls"),
      },
      "One petition with every published figure.",
    ),
    TextField: {
      type: "string",
      enum: [...textFieldNames],
      description: "A field of the text: title, summary or body (Markdown), in Kazakh (`Kk`) or Russian (`Ru`).",
    },
    BothLanguages: closed(
      {
        kk: { type: "string", description: "In Kazakh (empty when the petition is published in Russian only)." },
        ru: { type: "string", description: "In Russian (empty when the petition is published in Kazakh only)." },
      },
      "A text in both languages.",
    ),
    VersionText: closed(
      { title: ref("BothLanguages"), summary: ref("BothLanguages"), body: ref("BothLanguages") },
      "The title, summary and body (Markdown) of a version.",
    ),
    MinorEditSummary: closed(
      {
        version: count("The version that was edited.", 1),
        seq: count("Number of the edit within its version (1, 2, …).", 1),
        editedAt: { type: "string", format: "date-time", description: "When the edit was saved." },
        fields: { type: "array", items: ref("TextField"), minItems: 1, description: "The fields it changed." },
      },
      "One minor edit, without its texts.",
    ),
    MinorEdit: closed(
      {
        seq: count("Number of the edit within its version (1, 2, …).", 1),
        editedAt: { type: "string", format: "date-time", description: "When the edit was saved." },
        changes: {
          type: "array",
          minItems: 1,
          description: "Every field the edit changed, with its whole text before and after.",
          items: closed(
            { field: ref("TextField"), before: { type: "string" }, after: { type: "string" } },
            "One changed field.",
          ),
        },
      },
      "One minor edit of a version after people had signed it.",
    ),
    TextVersion: closed(
      {
        number: count("The version number (signatures record it).", 1),
        publishedAt: { type: "string", format: "date-time", description: "When this version was published." },
        note: { ...ref("BothLanguages"), description: "What changed, in the organizers' words (empty for version 1)." },
        confirmed: count("Confirmed signatures given on this version."),
        text: { ...ref("VersionText"), description: "The text as this version was published." },
        minorEdits: count(
          "Minor edits made to this version, including any made before edit history was kept (those are not in `edits`).",
        ),
        edits: { type: "array", items: ref("MinorEdit"), description: "The recorded minor edits, in order." },
        textAfterEdits: {
          ...ref("VersionText"),
          description:
            "The text after the last minor edit (the current text, for the current version); equal to `text` when there were none.",
        },
      },
      "One text version of a petition.",
    ),
    PetitionVersions: closed(
      {
        slug: { type: "string", minLength: 1 },
        current: count("Number of the current version.", 1),
        versions: {
          type: "array",
          items: ref("TextVersion"),
          minItems: 1,
          description: "Every version, oldest first.",
        },
      },
      "Every text a petition was signed on.",
    ),
    HistoryPoint: closed(
      {
        start: { type: "string", format: "date-time", description: "Start of the interval (UTC instant)." },
        confirmed: {
          type: "integer",
          description:
            "Net change of the confirmed count in this interval (confirm + restore − withdraw − remove); negative when more were withdrawn than confirmed.",
        },
        cumulative: count("The confirmed count at the end of this interval."),
      },
      "One interval.",
    ),
    History: closed(
      {
        slug: { type: "string", minLength: 1 },
        interval: { type: "string", enum: ["hour", "day"] },
        timezone: {
          type: "string",
          const: "+05:00",
          description: "Kazakhstan's offset: day buckets are its calendar days. Timestamps are written in UTC.",
        },
        points: {
          type: "array",
          items: ref("HistoryPoint"),
          maxItems: 20000,
          description:
            "Every interval from the first ledger entry to now, empty ones included (at most the last 20 000). Empty when the ledger has no entries.",
        },
      },
      "Confirmed signatures over time, from the ledger.",
    ),
    LedgerEntry: {
      ...closed(
        {
          seq: count("1, 2, 3, … without gaps, per petition.", 1),
          type: ref("LedgerType"),
          region: ref("RegionCode"),
          amount: {
            type: "integer",
            minimum: -100000,
            maximum: 100000,
            not: { const: 0 },
            description: "Signatures moved: 1, or the size of a paper batch (negative for a correcting batch).",
          },
          minute: {
            type: "string",
            pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z$",
            description: "Time of the event, UTC, truncated to the minute (`YYYY-MM-DDTHH:MMZ`).",
          },
          receipt: {
            type: "string",
            description: "The signer's receipt id (a keyed hash of the signature; unlinkable to the email address).",
          },
          reason: {
            type: "string",
            description: "For removals and restores (`remove*`, `restore*`): the removal reason; otherwise empty.",
          },
          prevHash: ref("Hash"),
          hash: ref("Hash"),
        },
        "One ledger entry (one line of the NDJSON download). `hash` = SHA-256 of `seq|type|region|amount|minute|receipt|reason|prevHash` (UTF-8); `prevHash` of entry 1 is sixty-four zeros. See docs/ledger.md.",
      ),
      allOf: [
        {
          if: { properties: { type: { enum: [...reasonedTypes] } } },
          then: { properties: { reason: ref("RemovalReason") } },
          else: { properties: { reason: { type: "string", const: "" } } },
        },
        {
          // A paper batch moves its size; the one-time upgrade of older ledgers (receipt "legacy") a region's count.
          if: {
            anyOf: [{ properties: { type: { const: "paper" } } }, { properties: { receipt: { const: "legacy" } } }],
          },
          else: {
            properties: {
              amount: { type: "integer", const: 1 },
              receipt: { type: "string", pattern: "^[A-Za-z0-9_-]{22}$" },
            },
          },
        },
      ],
      examples: [exampleEntries[0]],
    },
    PaperBatch: closed(
      {
        receipt: {
          type: "string",
          pattern: "^[A-Za-z0-9_-]{22}$",
          description: "The batch's public id; its ledger entry (type `paper`) carries the same receipt.",
        },
        region: ref("RegionCode"),
        count: {
          type: "integer",
          minimum: -100000,
          maximum: 100000,
          not: { const: 0 },
          description:
            "Signatures in the batch; negative for a correcting batch. A region's paper total never goes below zero.",
        },
        collectedFrom: {
          type: "string",
          format: "date",
          description: "First day of collection (calendar date in Kazakhstan).",
        },
        collectedTo: { type: "string", format: "date", description: "Last day of collection." },
        scanSha256: {
          type: ["string", "null"],
          pattern: "^[0-9a-f]{64}$",
          description: "SHA-256 of the scan the organizers uploaded (kept by the site), or null.",
        },
        correctsReceipt: {
          type: ["string", "null"],
          pattern: "^[A-Za-z0-9_-]{22}$",
          description: "For a correcting batch: the receipt of the batch (same region) it corrects; else null.",
        },
        sheetSerials: {
          type: "string",
          pattern: "^$|^\\d+(-\\d+)?(,\\d+(-\\d+)?)*$",
          description:
            "Serial numbers of the printed signature sheets in the batch, as sorted ranges (`1-20,31`); empty when the organizers named none.",
        },
        createdAt: {
          type: "string",
          pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z$",
          description: "When the batch was entered, UTC, to the minute.",
        },
      },
      "One batch of paper signatures. Batches are never edited: a mistake is corrected by a new batch.",
    ),
    PaperBatches: closed(
      {
        slug: { type: "string", minLength: 1 },
        total: count("Sum of all batches: equals `tiers.paper` of the petition."),
        batches: { type: "array", items: ref("PaperBatch"), description: "Every batch, oldest first." },
      },
      "The paper batches of a petition, published apart from the email-verified count.",
    ),
    LedgerHead: closed(
      {
        seq: count("Sequence number of the last entry (0: none yet)."),
        hash: { ...ref("Hash"), description: "Its hash (sixty-four zeros when there are no entries)." },
        time: {
          type: ["string", "null"],
          pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z$",
          description:
            "The minute of the last entry (UTC, like the entries' `minute`); null when there are no entries.",
        },
      },
      "The last entry of a petition's ledger.",
    ),
    Snapshot: closed(
      {
        id: { type: "string", pattern: "^[A-Za-z0-9]{6,16}$", description: "Snapshot id." },
        petition: closed({ slug: { type: "string", minLength: 1 }, title: ref("Titles") }, "The petition."),
        takenAt: { type: "string", format: "date-time", description: "When the figures were frozen." },
        confirmed: count("Confirmed signatures at `takenAt`."),
        tiers: ref("Tiers"),
        regions: ref("Regions"),
        removedByReason: ref("RemovedByReason"),
        ledger: closed(
          { seq: count("Ledger head sequence number at `takenAt`."), hash: ref("Hash") },
          "The ledger head at `takenAt`: recompute the figures from the ledger up to this entry.",
        ),
        checkpoint: {
          oneOf: [
            { type: "null" },
            closed(
              {
                treeSize: count("Entries in the site's log at that checkpoint."),
                note: ref("CheckpointNote"),
                entryIndex: {
                  type: ["integer", "null"],
                  minimum: 0,
                  description:
                    "The log index of ledger entry `ledger.seq` when this checkpoint already holds it; null when the entry joined the log after it (ask `/api/v1/log/proof/inclusion?petition=…&seq=…`).",
                },
                url: { type: "string", format: "uri", description: "The checkpoint, by its size." },
              },
              "The signed checkpoint of the site's log that was the latest when the snapshot was taken.",
            ),
          ],
          description: "Null for snapshots taken before the site had a signed log.",
        },
        url: closed(
          {
            kk: { type: "string", format: "uri", description: "Citable page in Kazakh." },
            ru: { type: "string", format: "uri", description: "Citable page in Russian." },
          },
          "Permanent pages of this snapshot.",
        ),
      },
      "Frozen, citable figures of a petition. Never changes.",
    ),
    CheckpointNote: {
      type: "string",
      pattern: "^[^\\n]+\\n(0|[1-9]\\d*)\\n[A-Za-z0-9+/]{43}=\\n\\n(\u2014 [^\\s+]+ [A-Za-z0-9+/]+={0,2}\\n)+$",
      description:
        "A signed checkpoint (c2sp.org/tlog-checkpoint in a c2sp.org/signed-note): origin, tree size, base64 root hash, a blank line, then signature lines `— <key name> base64(key ID || signature)`: the log's Ed25519 signature and any witnesses' cosignatures (c2sp.org/tlog-cosignature). docs/ledger.md gives the exact bytes.",
    },
    HexHash: { type: "string", pattern: "^[0-9a-f]{64}$", description: "SHA-256, lowercase hex." },
    LogInfo: closed(
      {
        origin: { type: "string", pattern: "^[^\\s+]+$", description: "The log's origin line." },
        key: closed(
          {
            name: { type: "string", pattern: "^[^\\s+]+$", description: "The signing key's name." },
            keyId: {
              type: "string",
              pattern: "^[0-9a-f]{8}$",
              description: "SHA-256(name || 0x0A || 0x01 || public key)[:4], hex.",
            },
            publicKey: {
              type: "string",
              pattern: "^[A-Za-z0-9+/]{43}=$",
              description: "The 32-byte Ed25519 public key, base64.",
            },
            verifierKey: {
              type: "string",
              pattern: "^[^\\s+]+\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}$",
              description: "`<name>+<key ID>+<base64(0x01 || public key)>`: what witnesses pin.",
            },
          },
          "The key that signs checkpoints.",
        ),
        checkpoint: {
          oneOf: [
            { type: "null" },
            closed(
              {
                treeSize: count("Entries in the log."),
                rootHash: ref("HexHash"),
                time: { type: "string", format: "date-time", description: "When the checkpoint was signed." },
                url: { type: "string", format: "uri", description: "This checkpoint, by its size (never changes)." },
              },
              "The latest checkpoint.",
            ),
          ],
        },
        checkpointIntervalSeconds: count("A new checkpoint is signed at most this often, when the log grew."),
        witnesses: {
          type: "array",
          items: closed(
            {
              name: { type: "string", description: "The witness's key name." },
              key: { type: "string", description: "Its verifier key (type 0x04), as the site lists it." },
              treeSize: { type: ["integer", "null"], minimum: 0, description: "The largest checkpoint it cosigned." },
            },
            "One witness the site lists.",
          ),
          description: "Witnesses whose cosignatures the site accepts (WITNESS_KEYS).",
        },
      },
      "The site's witnessed log: one Merkle tree over every petition's ledger entries.",
    ),
    InclusionProofs: closed(
      {
        treeSize: count("The tree the proofs are for: a published checkpoint's size."),
        proofs: {
          type: "array",
          minItems: 1,
          items: closed(
            {
              index: count("The entry's place in the log."),
              petition: { type: "string", minLength: 1, description: "The petition's slug." },
              seq: count("The entry's number in the petition's ledger.", 1),
              hash: ref("Hash"),
              leafHash: { ...ref("HexHash"), description: "SHA-256(0x00 || `petition|seq|hash`)." },
              path: {
                type: "array",
                items: ref("HexHash"),
                description: "The audit path of RFC 9162 section 2.1.3, from the leaf up.",
              },
            },
            "One entry and its audit path.",
          ),
        },
      },
      "Inclusion proofs: recompute the checkpoint's root from each leaf and its path (RFC 9162 2.1.3.2).",
    ),
    ConsistencyProof: closed(
      {
        from: count("The earlier tree size."),
        to: count("The later tree size (a published checkpoint)."),
        path: {
          type: "array",
          items: ref("HexHash"),
          description: "RFC 9162 section 2.1.4; empty when `from` is 0 or equals `to`.",
        },
      },
      "Proof that the tree of `to` entries extends the tree of `from` entries (RFC 9162 2.1.4.2).",
    ),
    LogEntries: closed(
      {
        start: count("First index."),
        end: count("One past the last index."),
        entries: {
          type: "array",
          maxItems: 1000,
          items: closed(
            {
              index: count("Place in the log."),
              petition: { type: "string", minLength: 1, description: "The petition's slug." },
              seq: count("Entry number in that petition's ledger.", 1),
              hash: ref("Hash"),
            },
            "One leaf: its data is the UTF-8 text `petition|seq|hash`.",
          ),
        },
      },
      "A page of the log's leaves, in log order.",
    ),
    CosignaturesAccepted: closed(
      {
        treeSize: count("The checkpoint cosigned."),
        accepted: {
          type: "array",
          items: { type: "string" },
          minItems: 1,
          description: "The witnesses whose lines were kept.",
        },
      },
      "The cosignatures were verified and stored (a witness's first cosignature of a checkpoint is kept).",
    ),
    CosignatureError: closed(
      {
        error: closed(
          {
            status: { type: "integer", enum: [400, 403, 404, 409, 413] },
            code: {
              type: "string",
              enum: [
                "bad_note",
                "bad_signature",
                "unknown_witness",
                "not_found",
                "wrong_log",
                "not_our_checkpoint",
                "too_large",
              ],
              description:
                "`bad_note`: not a signed checkpoint; `bad_signature`: a listed witness's line does not verify; `unknown_witness`: no line from a listed witness; `not_found`: no checkpoint of that size; `wrong_log`: another origin; `not_our_checkpoint`: the text differs from what this log published at that size; `too_large`: over 16 KiB.",
            },
            message: { type: "string", minLength: 1 },
          },
          "What went wrong.",
        ),
      },
      "A refused cosignature.",
    ),
    OEmbed: closed(
      {
        version: { type: "string", const: "1.0" },
        type: { type: "string", const: "rich" },
        provider_name: { type: "string", const: "Дауыс" },
        provider_url: { type: "string", format: "uri" },
        title: { type: "string", minLength: 1, description: "Petition title in the language of the given page URL." },
        width: { type: "integer", minimum: 1, maximum: 600, description: "`maxwidth` (default 400), at most 600." },
        height: { type: "integer", minimum: 1, maximum: 400, description: "`maxheight` (default 260), at most 400." },
        html: {
          type: "string",
          pattern: '^<iframe src="[^"]+/embed/[^"]+\\?lang=(kk|ru)" width="\\d+" height="\\d+"[^>]*></iframe>$',
          description: "An iframe with the live counter (`/embed/{slug}`).",
        },
      },
      "oEmbed 1.0 `rich` response (https://oembed.com).",
    ),
    OpenApiDocument: {
      type: "object",
      description: "This OpenAPI 3.1 document.",
      properties: {
        openapi: { type: "string", pattern: "^3\\.1\\.\\d+$" },
        info: { type: "object" },
        servers: { type: "array" },
        paths: { type: "object" },
        components: { type: "object" },
      },
      required: ["openapi", "info", "servers", "paths", "components"],
    },
    NotFoundError: errorSchema(404, "not_found", "Nothing public at this address."),
    BadQueryError: errorSchema(400, "bad_query", "Invalid query parameter."),
    BadAfterError: errorSchema(400, "bad_query", "`after` is not a sequence number."),
    FormatNotSupportedError: errorSchema(501, "format_not_supported", "Only `format=json` is supported."),
  };

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
        parameters: [
          {
            name: "status",
            in: "query",
            required: false,
            description:
              "Only petitions with this status (default: the three public ones). `rejected` lists rejected citizen petitions with their reason instead.",
            schema: { type: "string", enum: [...publicStatuses, "rejected"] },
          },
          {
            name: "sort",
            in: "query",
            required: false,
            description:
              "`newest` (by publication time), `signed` (most confirmed first), `trending` (most confirmations in the last hour; adds `lastHour`).",
            schema: { type: "string", enum: ["newest", "signed", "trending"], default: "newest" },
          },
          {
            name: "page",
            in: "query",
            required: false,
            description: "Page number.",
            schema: { type: "integer", minimum: 1, maximum: 100000, default: 1 },
          },
          {
            name: "per_page",
            in: "query",
            required: false,
            description: "Petitions per page.",
            schema: { type: "integer", minimum: 1, maximum: 200, default: 50 },
          },
        ],
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
        parameters: [intervalParam],
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
        parameters: [intervalParam],
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
    "/api/v1/petitions/{slug}/ledger": {
      parameters: [slugParam],
      get: {
        operationId: "getPetitionLedger",
        tags: ["ledger"],
        summary: "The public ledger (NDJSON)",
        description:
          "Every entry, oldest first, one JSON object (`LedgerEntry`) per line, each line ending in `\\n`; streamed. Empty body when there are no entries after `after`. No ETag: not answered with 304. The line schema is given in `x-itemSchema` (the `itemSchema` of OpenAPI 3.2).",
        parameters: [
          {
            name: "after",
            in: "query",
            required: false,
            description: "Only entries with `seq` greater than this (resume a download). 1 to 9 decimal digits.",
            schema: { type: "integer", minimum: 0, maximum: 999999999, default: 0 },
          },
        ],
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
                "x-itemSchema": ref("LedgerEntry"),
                example: exampleEntries.map((entry) => JSON.stringify(entry)).join("\n") + "\n",
              },
            },
          },
          "400": errorResponse(
            400,
            "BadAfterError",
            "`after` is not 1–9 decimal digits.",
            "after must be a sequence number (0 or more).",
            "bad_query",
          ),
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
                "x-itemSchema": ref("LiveEvent"),
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
        parameters: [
          {
            name: "size",
            in: "query",
            required: false,
            description: "A published checkpoint's size (default: the latest).",
            schema: { type: "string", pattern: "^\\d{1,10}$" },
          },
          {
            name: "index",
            in: "query",
            required: false,
            description: "A place in the log.",
            schema: { type: "string", pattern: "^\\d{1,10}$" },
          },
          {
            name: "petition",
            in: "query",
            required: false,
            description: "A petition's slug.",
            schema: { type: "string", minLength: 1, maxLength: 200 },
          },
          {
            name: "seq",
            in: "query",
            required: false,
            description: "An entry of that petition's ledger.",
            schema: { type: "string", pattern: "^\\d{1,10}$" },
          },
          {
            name: "receipt",
            in: "query",
            required: false,
            description: "A receipt of that petition.",
            schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
          },
        ],
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
        parameters: [
          {
            name: "from",
            in: "query",
            required: true,
            description: "The earlier tree size.",
            schema: { type: "string", pattern: "^\\d{1,10}$" },
          },
          {
            name: "to",
            in: "query",
            required: true,
            description: "A published checkpoint's size, not smaller.",
            schema: { type: "string", pattern: "^\\d{1,10}$" },
          },
        ],
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
        parameters: [
          {
            name: "start",
            in: "query",
            required: false,
            description: "First index (default 0).",
            schema: { type: "string", pattern: "^\\d{1,10}$" },
          },
          {
            name: "end",
            in: "query",
            required: false,
            description:
              "One past the last index, at most `start` + 1000 and the latest checkpoint's size (default: as far as both allow).",
            schema: { type: "string", pattern: "^\\d{1,10}$" },
          },
        ],
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
        parameters: [
          {
            name: "url",
            in: "query",
            required: true,
            description:
              "A petition page of this site: `{server}/kk/p/{slug}` or `{server}/ru/p/{slug}` (the language picks the title and the counter's language).",
            schema: { type: "string", format: "uri" },
            example: pageUrls.ru,
          },
          {
            name: "format",
            in: "query",
            required: false,
            description: "Only `json`; anything else is a 501.",
            schema: { type: "string", enum: ["json"], default: "json" },
          },
          {
            name: "maxwidth",
            in: "query",
            required: false,
            description: "Maximum width in pixels (default 400; capped at 600).",
            schema: { type: "integer", minimum: 1 },
          },
          {
            name: "maxheight",
            in: "query",
            required: false,
            description: "Maximum height in pixels (default 260; capped at 400).",
            schema: { type: "integer", minimum: 1 },
          },
        ],
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
            "`url` is missing or not a petition page of this site, or no published petition has that slug.",
            "url must be a petition page of this site.",
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
        parameters: [langParam("label")],
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
        parameters: [langParam("page")],
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
        },
      },
    },
  };

  schemas.LiveEvent = {
    description: "One server-sent event, as its fields: first `{retry: 3000}`, then `counts` events.",
    oneOf: [
      closed(
        { retry: { type: "integer", const: 3000, description: "Reconnection delay in milliseconds." } },
        "Sent once, first.",
      ),
      closed(
        {
          event: { type: "string", const: "counts" },
          data: {
            type: "string",
            contentMediaType: "application/json",
            contentSchema: ref("LiveCounts"),
            description: "JSON matching `LiveCounts`.",
          },
        },
        "The petition's figures, now and after every change.",
      ),
    ],
  };

  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Dauys public API",
      version: "1.0.0",
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
    components: { schemas },
  };
}
