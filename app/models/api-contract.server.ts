// The public API's contract, written once in zod: the query parsing of the API routes, the
// TypeScript types of their answers, and the schemas of the OpenAPI document
// (app/services/openapi.server.ts turns the registered schemas into its components). Enumerations
// and limits come from the modules that own them, so the document cannot restate them wrongly.
// To add a field: add it here; the models that build the answer then fail to compile until they
// send it, and test/integration/openapi.test.ts checks the real answers against the document.
import { z } from "zod";
import { regionCodes } from "~/data/regions.ts";
import { locales } from "~/i18n.ts";
import { rejectionReasons } from "~/lib/citizen-options.ts";
import { removalReasons } from "~/lib/moderation-options.ts";
import { MAX_BATCH } from "~/models/paper.server.ts";
import { kinds, publicStatuses } from "~/models/publication.server.ts";
import { ledgerTypes, reasonedTypes, tiers, type LedgerType } from "~/models/signature-states.ts";
import { MINOR_EDITS_PER_VERSION, textFieldNames } from "~/models/text-versions.server.ts";

// ---- helpers ----

const count = (description: string, minimum = 0) => z.int().min(minimum).describe(description);
const slug = z.string().min(1);
const instant = (description: string) => z.iso.datetime().describe(description);
const maybeInstant = (description: string) => z.iso.datetime().nullable().describe(description);
const uri = (description: string) => z.url().describe(description);
const MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/;
const RECEIPT = /^[A-Za-z0-9_-]{22}$/;
const hex64 = /^[0-9a-f]{64}$/;
/** The signed size of a paper batch: never zero (JSON Schema `not`, which zod cannot express). */
const batchSize = (description: string) =>
  z
    .int()
    .min(-MAX_BATCH)
    .max(MAX_BATCH)
    .refine((n) => n !== 0)
    .meta({ description, not: { const: 0 } });

// ---- shared pieces (components of the document: `.meta({ id })`) ----

const regionCode = z.enum(regionCodes as [string, ...string[]]).meta({
  id: "RegionCode",
  description:
    "ISO 3166-2:KZ code of one of the 17 regions (oblys) or the 3 cities of republican significance (KZ-71 Astana, KZ-75 Almaty, KZ-79 Shymkent), or `abroad` for signers living outside Kazakhstan.",
});

/** The kinds of publication the API lists: those that collect signatures. */
const signableKinds = kinds.filter((kind) => kind !== "report") as ["petition", "statement"];
const kind = z.enum(signableKinds).meta({
  id: "Kind",
  description:
    'Publication kind. Petitions, and position statements their organizers opened for endorsement ("I support this statement"): both collect email-confirmed signatures and are counted the same way. Reports and other statements collect none and are not in the API.',
});

const status = z.enum(publicStatuses).meta({
  id: "Status",
  description: "`open`: collecting signatures; `closed`: signing has ended; `archived`: kept for the record.",
});

const removalReason = z
  .enum(removalReasons)
  .meta({ id: "RemovalReason", description: "Why a moderator removed a signature." });

const ledgerTypeDescription =
  "What the entry moves between tiers (docs/ledger.md): `sign` → pending; `confirm` pending → confirmed; `hold` pending → held (flagged by an abuse rule); `release` held → confirmed; `withdraw`, `withdraw-pending`, `withdraw-held` confirmed/pending/held → withdrawn; `remove`, `remove-pending`, `remove-held` → removed (with a reason); `restore`, `restore-pending`, `restore-held` removed → confirmed/pending/held; `paper` a batch of paper signatures (negative: a correction).";

const hash = z.string().regex(hex64).meta({ id: "Hash", description: "SHA-256, lowercase hex." });

const titles = z
  .object({
    kk: z.string().min(1).describe("Title in Kazakh."),
    ru: z.string().min(1).describe("Title in Russian."),
  })
  .meta({ id: "Titles", description: "The title in both languages." });

const pageUrls = z
  .object({ kk: uri("Page in Kazakh."), ru: uri("Page in Russian.") })
  .meta({ id: "PageUrls", description: "Public web pages in both languages." });

const tierDescriptions: Record<(typeof tiers)[number], string> = {
  confirmed: "Confirmed by email and counted.",
  pending: "Signed, waiting for the email link to be opened. Not counted.",
  held: "Confirmed but flagged by an abuse rule and held for review. Not counted.",
  withdrawn: "Withdrawn by their signers after confirming. Not counted.",
  removed: "Removed by a moderator (see `removedByReason`). Not counted.",
  paper: "Paper signatures handed over in batches. Published apart, never added to `confirmed`.",
};
const tierShape = <T>(make: (tier: (typeof tiers)[number]) => T) =>
  Object.fromEntries(tiers.map((tier) => [tier, make(tier)])) as Record<(typeof tiers)[number], T>;

const tierFigures = z.object(tierShape((tier) => count(tierDescriptions[tier]))).meta({
  id: "Tiers",
  description: "Totals per tier. Tiers are never blended: only `confirmed` is the petition's count.",
});

const regionFigures = z
  .object({ code: regionCode, ...tierShape((tier) => count(`The \`${tier}\` tier in this region.`)) })
  .meta({ id: "RegionFigures", description: "Every tier of one region bucket." });

const regionList = z
  .array(regionFigures)
  .length(regionCodes.length)
  .meta({
    id: "Regions",
    description: `Always all ${regionCodes.length} buckets, zeros included, in this fixed order: ${regionCodes.join(", ")}.`,
  });

const removedByReason = z
  .array(
    z
      .object({
        reason: removalReason,
        removed: count("Signatures removed for this reason (net of restorations).", 1),
      })
      .describe("Removals for one reason."),
  )
  .meta({
    id: "RemovedByReason",
    description: "Removals by reason, sorted by reason; reasons with none are left out.",
    examples: [[{ reason: "duplicate", removed: 2 }]],
  });

const countFields = {
  confirmed: count(
    "Confirmed signatures that count now: people who confirmed by email, minus withdrawals and removals. Equals `tiers.confirmed` and the sum of `regions[].confirmed`. Paper signatures are never included.",
  ),
  tiers: tierFigures,
  regions: regionList,
  removedByReason,
  updatedAt: instant(
    "When any counter of this petition last changed (any tier, including a new pending signature). It is the petition's `Last-Modified`.",
  ),
};

const liveCounts = z
  .object(countFields)
  .meta({ id: "LiveCounts", description: "The count part of a petition (the same fields as in `PetitionDetail`)." });
export type LiveCounts = z.output<typeof liveCounts>;

// ---- petitions ----

const origins = ["organization", "citizen"] as const;
const origin = z.enum(origins).meta({
  id: "Origin",
  description:
    "`organization`: published by an organization from its workspace; `citizen`: started by a person at `/{lang}/start`, supported by the first signers and published by a moderator (its signatures are counted exactly the same way).",
});
const creator = z
  .object({
    name: z
      .string()
      .nullable()
      .describe("The citizen who started the petition, only if they agreed to show their name; else null."),
  })
  .nullable()
  .meta({ id: "Creator", description: "For citizen petitions: who started it. Null for organizations' petitions." });

const goal = z.int().nullable().describe("The organizers' goal, or null.");
const deadline = maybeInstant("When signing ends, or null for no deadline.");
const publishedAt = maybeInstant("When the petition was published.");

const petitionSummary = z
  .object({
    slug,
    kind,
    status,
    origin,
    creator,
    title: titles,
    confirmed: count("Confirmed signatures that count now (as `confirmed` of the detail)."),
    lastHour: count(
      "Only with `sort=trending`: confirmations appended to the ledger in the last 60 minutes (gross: withdrawals and removals are not subtracted).",
    ).optional(),
    goal,
    deadline,
    publishedAt,
    url: pageUrls,
  })
  .meta({ id: "PetitionSummary", description: "One petition in a list." });

const rejectedPetition = z
  .object({
    slug,
    kind: z.literal("petition"),
    status: z.literal("rejected"),
    origin: z.literal("citizen"),
    title: titles
      .nullable()
      .describe("Null where the reason hides the petition's words (defamatory, personal-data, hate)."),
    rejection: z
      .object({
        reason: z
          .enum(rejectionReasons)
          .describe("The published standard (`/{lang}/standards`) the petition did not meet."),
        rejectedAt: z.iso.datetime(),
        note: z.string().nullable().describe("The moderator's public note, if any (null where the words are hidden)."),
        duplicateOf: z
          .object({ slug: z.string(), url: pageUrls })
          .describe("The open petition it duplicates.")
          .nullable(),
      })
      .describe("Why and when a moderator rejected it."),
  })
  .meta({
    id: "RejectedPetition",
    description: "A citizen petition a moderator rejected (listed with `status=rejected`). Its creator is never named.",
  });
export type RejectedPetition = z.output<typeof rejectedPetition>;

const PER_PAGE_MAX = 200;
const petitionList = z
  .object({
    petitions: z
      .array(z.union([petitionSummary, rejectedPetition]))
      .describe(
        "This page of the list; empty beyond the last page. With `status=rejected`, rejected citizen petitions (`RejectedPetition`).",
      ),
    page: count("The page returned.", 1),
    perPage: z.int().min(1).max(PER_PAGE_MAX).describe("Page size used."),
    total: count("Petitions matching the filter, on all pages."),
  })
  .meta({ id: "PetitionList", description: "A page of published petitions." });
export type PetitionList = z.output<typeof petitionList>;

const textField = z.enum(textFieldNames).meta({
  id: "TextField",
  description: "A field of the text: title, summary or body (Markdown), in Kazakh (`Kk`) or Russian (`Ru`).",
});

const minorEditSummary = z
  .object({
    version: count("The version that was edited.", 1),
    seq: count("Number of the edit within its version (1, 2, …).", 1),
    editedAt: instant("When the edit was saved."),
    fields: z.array(textField).min(1).describe("The fields it changed."),
  })
  .meta({ id: "MinorEditSummary", description: "One minor edit, without its texts." });

const responseStates = ["none", "awaiting", "answered"] as const;

const petitionDetail = z
  .object({
    slug,
    kind,
    status,
    origin,
    creator,
    title: titles,
    goal,
    deadline,
    publishedAt,
    version: z
      .int()
      .min(1)
      .describe(
        "Number of the current text version. A change of the text after signatures exist makes a new version; the page's version history shows the confirmed count per version.",
      ),
    minorEdits: count(
      `Minor edits made to the current version: typo fixes that keep the version number. At most ${MINOR_EDITS_PER_VERSION} per version, and together small measured against the text as the version was published. Edits made before edit history was kept are counted here but not listed in \`edits\`.`,
    ),
    edits: z
      .array(minorEditSummary)
      .describe(
        "Every recorded minor edit of every version, oldest first, with the fields it changed. Their texts, before and after, are at `versionsUrl`.",
      ),
    versionsUrl: uri("Every version's text as published and each minor edit before and after (`GET …/versions`)."),
    response: z
      .object({
        state: z
          .enum(responseStates)
          .describe(
            "`awaiting`: the petition has an addressee who has not answered yet; `answered`: the official response is published on the page; `none`: no addressee (or not a petition).",
          ),
        respondedAt: maybeInstant("Date of the official response (noon UTC of that day), or null."),
        url: z.url().nullable().describe("Link to the response document, if the organizers gave one."),
      })
      .describe("The addressee's official response."),
    ...countFields,
    ledger: z
      .object({
        seq: count("Sequence number of the last ledger entry these counts include (0: no entries yet)."),
        hash,
        url: uri("Where to download the ledger."),
      })
      .describe("The ledger head at the time of these counts: cite it to pin the figures."),
    url: pageUrls,
  })
  .meta({ id: "PetitionDetail", description: "One petition with every published figure." });
export type PetitionDetail = z.output<typeof petitionDetail>;

const bothLanguages = z
  .object({
    kk: z.string().describe("In Kazakh (empty when the petition is published in Russian only)."),
    ru: z.string().describe("In Russian (empty when the petition is published in Kazakh only)."),
  })
  .meta({ id: "BothLanguages", description: "A text in both languages." });

const versionText = z
  .object({ title: bothLanguages, summary: bothLanguages, body: bothLanguages })
  .meta({ id: "VersionText", description: "The title, summary and body (Markdown) of a version." });

const minorEdit = z
  .object({
    seq: count("Number of the edit within its version (1, 2, …).", 1),
    editedAt: instant("When the edit was saved."),
    changes: z
      .array(z.object({ field: textField, before: z.string(), after: z.string() }).describe("One changed field."))
      .min(1)
      .describe("Every field the edit changed, with its whole text before and after."),
  })
  .meta({ id: "MinorEdit", description: "One minor edit of a version after people had signed it." });

const textVersion = z
  .object({
    number: count("The version number (signatures record it).", 1),
    publishedAt: instant("When this version was published."),
    note: bothLanguages.describe("What changed, in the organizers' words (empty for version 1)."),
    confirmed: count("Confirmed signatures given on this version."),
    text: versionText.describe("The text as this version was published."),
    minorEdits: count(
      "Minor edits made to this version, including any made before edit history was kept (those are not in `edits`).",
    ),
    edits: z.array(minorEdit).describe("The recorded minor edits, in order."),
    textAfterEdits: versionText.describe(
      "The text after the last minor edit (the current text, for the current version); equal to `text` when there were none.",
    ),
  })
  .meta({ id: "TextVersion", description: "One text version of a petition." });

const petitionVersions = z
  .object({
    slug,
    current: count("Number of the current version.", 1),
    versions: z.array(textVersion).min(1).describe("Every version, oldest first."),
  })
  .meta({ id: "PetitionVersions", description: "Every text a petition was signed on." });
export type PetitionVersions = z.output<typeof petitionVersions>;

// ---- history ----

const intervals = ["hour", "day"] as const;
export type Interval = (typeof intervals)[number];
export const HISTORY_MAX_POINTS = 20_000;
const interval = z.enum(intervals);

const historyPoint = z
  .object({
    start: instant("Start of the interval (UTC instant)."),
    confirmed: z
      .int()
      .describe(
        "Net change of the confirmed count in this interval (confirm + restore − withdraw − remove); negative when more were withdrawn than confirmed.",
      ),
    cumulative: count("The confirmed count at the end of this interval."),
  })
  .meta({ id: "HistoryPoint", description: "One interval." });

const history = z
  .object({
    slug,
    interval,
    timezone: z
      .literal("+05:00")
      .describe("Kazakhstan's offset: day buckets are its calendar days. Timestamps are written in UTC."),
    points: z
      .array(historyPoint)
      .max(HISTORY_MAX_POINTS)
      .describe(
        "Every interval from the first ledger entry to now, empty ones included (at most the last 20 000). Empty when the ledger has no entries.",
      ),
  })
  .meta({ id: "History", description: "Confirmed signatures over time, from the ledger." });
export type History = z.output<typeof history>;

// ---- ledger ----

const minute = (description: string) => z.string().regex(MINUTE).describe(description);
const reasoned = ledgerTypes.filter((type) => reasonedTypes.has(type)) as [LedgerType, ...LedgerType[]];
const unreasoned = ledgerTypes.filter((type) => type !== "paper" && !reasonedTypes.has(type)) as [
  LedgerType,
  ...LedgerType[],
];
const entryFields = {
  seq: count("1, 2, 3, … without gaps, per petition.", 1),
  region: regionCode,
  minute: minute("Time of the event, UTC, truncated to the minute (`YYYY-MM-DDTHH:MMZ`)."),
  prevHash: hash,
  hash,
};
const signerReceipt = z
  .string()
  .regex(RECEIPT)
  .describe("The signer's receipt id (a keyed hash of the signature; unlinkable to the email address).");
const noReason = z.literal("").describe("Empty: only removals and restores carry a reason.");

const ledgerEntry = z
  .union([
    z
      .object({
        ...entryFields,
        type: z.enum(unreasoned).describe(ledgerTypeDescription),
        amount: z.literal(1),
        receipt: signerReceipt,
        reason: noReason,
      })
      .describe("A signature's move that needs no reason."),
    z
      .object({
        ...entryFields,
        type: z.enum(reasoned).describe(ledgerTypeDescription),
        amount: z.literal(1),
        receipt: signerReceipt,
        reason: removalReason,
      })
      .describe("A removal or restoration of a signature, with the removal reason."),
    z
      .object({
        ...entryFields,
        type: z.literal("paper").describe(ledgerTypeDescription),
        amount: batchSize("The size of the batch; negative for a correcting batch."),
        receipt: z.string().regex(RECEIPT).describe("The batch's public id."),
        reason: noReason,
      })
      .describe("A batch of paper signatures."),
    z
      .object({
        ...entryFields,
        type: z.literal("sign").describe(ledgerTypeDescription),
        amount: count("Signatures of the region that had no `sign` entry.", 1),
        receipt: z.literal("legacy"),
        reason: noReason,
      })
      .describe("The one-time upgrade of ledgers older than decision 032: one `sign` entry per region."),
  ])
  .meta({
    id: "LedgerEntry",
    description:
      "One ledger entry (one line of the NDJSON download). `hash` = SHA-256 of `seq|type|region|amount|minute|receipt|reason|prevHash` (UTF-8); `prevHash` of entry 1 is sixty-four zeros. See docs/ledger.md.",
  });
export type LedgerEntry = z.output<typeof ledgerEntry>;

const ledgerHead = z
  .object({
    seq: count("Sequence number of the last entry (0: none yet)."),
    hash: hash.describe("Its hash (sixty-four zeros when there are no entries)."),
    time: z
      .string()
      .regex(MINUTE)
      .nullable()
      .describe("The minute of the last entry (UTC, like the entries' `minute`); null when there are no entries."),
  })
  .meta({ id: "LedgerHead", description: "The last entry of a petition's ledger." });
export type LedgerHead = z.output<typeof ledgerHead>;

// ---- paper ----

const paperBatch = z
  .object({
    receipt: z
      .string()
      .regex(RECEIPT)
      .describe("The batch's public id; its ledger entry (type `paper`) carries the same receipt."),
    region: regionCode,
    count: batchSize(
      "Signatures in the batch; negative for a correcting batch. A region's paper total never goes below zero.",
    ),
    collectedFrom: z.iso.date().describe("First day of collection (calendar date in Kazakhstan)."),
    collectedTo: z.iso.date().describe("Last day of collection."),
    scanSha256: z
      .string()
      .regex(hex64)
      .nullable()
      .describe("SHA-256 of the scan the organizers uploaded (kept by the site), or null."),
    correctsReceipt: z
      .string()
      .regex(RECEIPT)
      .nullable()
      .describe("For a correcting batch: the receipt of the batch (same region) it corrects; else null."),
    sheetSerials: z
      .string()
      .regex(/^$|^\d+(-\d+)?(,\d+(-\d+)?)*$/)
      .describe(
        "Serial numbers of the printed signature sheets in the batch, as sorted ranges (`1-20,31`); empty when the organizers named none.",
      ),
    createdAt: minute("When the batch was entered, UTC, to the minute."),
  })
  .meta({
    id: "PaperBatch",
    description: "One batch of paper signatures. Batches are never edited: a mistake is corrected by a new batch.",
  });
export type PaperBatch = z.output<typeof paperBatch>;

const paperBatches = z
  .object({
    slug,
    total: count("Sum of all batches: equals `tiers.paper` of the petition."),
    batches: z.array(paperBatch).describe("Every batch, oldest first."),
  })
  .meta({
    id: "PaperBatches",
    description: "The paper batches of a petition, published apart from the email-verified count.",
  });
export type PaperBatches = z.output<typeof paperBatches>;

// ---- the witnessed log ----

const checkpointNote = z
  .string()
  .regex(/^[^\n]+\n(0|[1-9]\d*)\n[A-Za-z0-9+/]{43}=\n\n(\u2014 [^\s+]+ [A-Za-z0-9+/]+={0,2}\n)+$/)
  .meta({
    id: "CheckpointNote",
    description:
      "A signed checkpoint (c2sp.org/tlog-checkpoint in a c2sp.org/signed-note): origin, tree size, base64 root hash, a blank line, then signature lines `— <key name> base64(key ID || signature)`: the log's Ed25519 signature and any witnesses' cosignatures (c2sp.org/tlog-cosignature). docs/ledger.md gives the exact bytes.",
  });

const hexHash = z.string().regex(hex64).meta({ id: "HexHash", description: "SHA-256, lowercase hex." });

const snapshot = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9]{6,16}$/)
      .describe("Snapshot id."),
    petition: z.object({ slug, title: titles }).describe("The petition."),
    takenAt: instant("When the figures were frozen."),
    confirmed: count("Confirmed signatures at `takenAt`."),
    tiers: tierFigures,
    regions: regionList,
    removedByReason,
    ledger: z
      .object({ seq: count("Ledger head sequence number at `takenAt`."), hash })
      .describe("The ledger head at `takenAt`: recompute the figures from the ledger up to this entry."),
    checkpoint: z
      .object({
        treeSize: count("Entries in the site's log at that checkpoint."),
        note: checkpointNote,
        entryIndex: z
          .int()
          .min(0)
          .nullable()
          .describe(
            "The log index of ledger entry `ledger.seq` when this checkpoint already holds it; null when the entry joined the log after it (ask `/api/v1/log/proof/inclusion?petition=…&seq=…`).",
          ),
        url: uri("The checkpoint, by its size."),
      })
      .nullable()
      .describe(
        "The signed checkpoint of the site's log that was the latest when the snapshot was taken; null for snapshots taken before the site had a signed log.",
      ),
    url: z
      .object({ kk: uri("Citable page in Kazakh."), ru: uri("Citable page in Russian.") })
      .describe("Permanent pages of this snapshot."),
  })
  .meta({ id: "Snapshot", description: "Frozen, citable figures of a petition. Never changes." });
export type Snapshot = z.output<typeof snapshot>;

const keyName = (description: string) =>
  z
    .string()
    .regex(/^[^\s+]+$/)
    .describe(description);

const logInfo = z
  .object({
    origin: keyName("The log's origin line."),
    key: z
      .object({
        name: keyName("The signing key's name."),
        keyId: z
          .string()
          .regex(/^[0-9a-f]{8}$/)
          .describe("SHA-256(name || 0x0A || 0x01 || public key)[:4], hex."),
        publicKey: z
          .string()
          .regex(/^[A-Za-z0-9+/]{43}=$/)
          .describe("The 32-byte Ed25519 public key, base64."),
        verifierKey: z
          .string()
          .regex(/^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/)
          .describe("`<name>+<key ID>+<base64(0x01 || public key)>`: what witnesses pin."),
      })
      .describe("The key that signs checkpoints."),
    checkpoint: z
      .object({
        treeSize: count("Entries in the log."),
        rootHash: hexHash,
        time: instant("When the checkpoint was signed."),
        url: uri("This checkpoint, by its size (never changes)."),
      })
      .nullable()
      .describe("The latest checkpoint; null before the first one."),
    checkpointIntervalSeconds: count("A new checkpoint is signed at most this often, when the log grew."),
    witnesses: z
      .array(
        z
          .object({
            name: z.string().describe("The witness's key name."),
            key: z.string().describe("Its verifier key (type 0x04), as the site lists it."),
            treeSize: z.int().min(0).nullable().describe("The largest checkpoint it cosigned."),
          })
          .describe("One witness the site lists."),
      )
      .describe("Witnesses whose cosignatures the site accepts (WITNESS_KEYS)."),
  })
  .meta({
    id: "LogInfo",
    description: "The site's witnessed log: one Merkle tree over every petition's ledger entries.",
  });
export type LogInfo = z.output<typeof logInfo>;

const logLeaf = {
  petition: z.string().min(1).describe("The petition's slug."),
  seq: count("The entry's number in the petition's ledger.", 1),
  hash,
};

const inclusionProofs = z
  .object({
    treeSize: count("The tree the proofs are for: a published checkpoint's size."),
    proofs: z
      .array(
        z
          .object({
            index: count("The entry's place in the log."),
            ...logLeaf,
            leafHash: hexHash.describe("SHA-256(0x00 || `petition|seq|hash`)."),
            path: z.array(hexHash).describe("The audit path of RFC 9162 section 2.1.3, from the leaf up."),
          })
          .describe("One entry and its audit path."),
      )
      .min(1),
  })
  .meta({
    id: "InclusionProofs",
    description: "Inclusion proofs: recompute the checkpoint's root from each leaf and its path (RFC 9162 2.1.3.2).",
  });
export type InclusionProofs = z.output<typeof inclusionProofs>;

const consistencyProof = z
  .object({
    from: count("The earlier tree size."),
    to: count("The later tree size (a published checkpoint)."),
    path: z.array(hexHash).describe("RFC 9162 section 2.1.4; empty when `from` is 0 or equals `to`."),
  })
  .meta({
    id: "ConsistencyProof",
    description: "Proof that the tree of `to` entries extends the tree of `from` entries (RFC 9162 2.1.4.2).",
  });
export type ConsistencyProof = z.output<typeof consistencyProof>;

export const ENTRIES_PER_PAGE = 1_000;
const logEntries = z
  .object({
    start: count("First index."),
    end: count("One past the last index."),
    entries: z
      .array(
        z
          .object({ index: count("Place in the log."), ...logLeaf })
          .describe("One leaf: its data is the UTF-8 text `petition|seq|hash`."),
      )
      .max(ENTRIES_PER_PAGE),
  })
  .meta({ id: "LogEntries", description: "A page of the log's leaves, in log order." });
export type LogEntries = z.output<typeof logEntries>;

const cosignaturesAccepted = z
  .object({
    treeSize: count("The checkpoint cosigned."),
    accepted: z.array(z.string()).min(1).describe("The witnesses whose lines were kept."),
  })
  .meta({
    id: "CosignaturesAccepted",
    description: "The cosignatures were verified and stored (a witness's first cosignature of a checkpoint is kept).",
  });
export type CosignaturesAccepted = z.output<typeof cosignaturesAccepted>;

export const COSIGNATURE_MAX_BYTES = 16_384;
/** Every refusal of POST /api/v1/log/cosignatures, with its status. */
export const cosignatureRefusals = {
  bad_note: 400,
  bad_signature: 403,
  unknown_witness: 403,
  not_found: 404,
  wrong_log: 409,
  not_our_checkpoint: 409,
  too_large: 413,
} as const;
type RefusalCode = keyof typeof cosignatureRefusals;

const cosignatureError = z
  .object({
    error: z
      .object({
        status: z.literal([...new Set(Object.values(cosignatureRefusals))]),
        code: z
          .enum(Object.keys(cosignatureRefusals) as [RefusalCode, ...RefusalCode[]])
          .describe(
            "`bad_note`: not a signed checkpoint; `bad_signature`: a listed witness's line does not verify; `unknown_witness`: no line from a listed witness; `not_found`: no checkpoint of that size; `wrong_log`: another origin; `not_our_checkpoint`: the text differs from what this log published at that size; `too_large`: over 16 KiB.",
          ),
        message: z.string().min(1),
      })
      .describe("What went wrong."),
  })
  .meta({ id: "CosignatureError", description: "A refused cosignature." });

// ---- embedding ----

/** oEmbed sizes in pixels: the default and the largest the iframe is given. */
export const OEMBED_SIZE = { width: { default: 400, max: 600 }, height: { default: 260, max: 400 } } as const;

const oembed = z
  .object({
    version: z.literal("1.0"),
    type: z.literal("rich"),
    provider_name: z.literal("Дауыс"),
    provider_url: z.url(),
    title: z.string().min(1).describe("Petition title in the language of the given page URL."),
    width: z
      .int()
      .min(1)
      .max(OEMBED_SIZE.width.max)
      .describe(`\`maxwidth\` (default ${OEMBED_SIZE.width.default}), at most ${OEMBED_SIZE.width.max}.`),
    height: z
      .int()
      .min(1)
      .max(OEMBED_SIZE.height.max)
      .describe(`\`maxheight\` (default ${OEMBED_SIZE.height.default}), at most ${OEMBED_SIZE.height.max}.`),
    html: z
      .string()
      .regex(
        /^<iframe src="[^"]+\/embed\/[^"]+\?lang=(kk|ru)(&amp;snapshot=[A-Za-z0-9]+)?" width="\d+" height="\d+"[^>]*><\/iframe>$/,
      )
      .describe(
        "An iframe with the live counter (`/embed/{slug}`), or a snapshot's frozen figures (`&snapshot={id}`).",
      ),
  })
  .meta({ id: "OEmbed", description: "oEmbed 1.0 `rich` response (https://oembed.com)." });
export type OEmbed = z.output<typeof oembed>;

// ---- this document and errors ----

const openApiDocumentSchema = z
  .object({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.looseObject({}),
    servers: z.array(z.unknown()),
    paths: z.looseObject({}),
    components: z.looseObject({}),
  })
  .loose()
  .meta({ id: "OpenApiDocument", description: "This OpenAPI 3.1 document." });

const errorSchema = <S extends number, C extends string>(id: string, status: S, code: C, description: string) =>
  z
    .object({
      error: z
        .object({
          status: z.literal(status).describe("The HTTP status, repeated."),
          code: z.literal(code).describe("Stable machine-readable code."),
          message: z.string().min(1).describe("Human-readable explanation in English."),
        })
        .describe("What went wrong."),
    })
    .meta({ id, description });

const notFoundError = errorSchema("NotFoundError", 404, "not_found", "Nothing public at this address.");
const badQueryError = errorSchema("BadQueryError", 400, "bad_query", "Invalid query parameter.");
const formatNotSupportedError = errorSchema(
  "FormatNotSupportedError",
  501,
  "format_not_supported",
  "Only `format=json` is supported.",
);

// ---- the server-sent events of …/events ----

const liveEvent = z
  .union([
    z.object({ retry: z.literal(3000).describe("Reconnection delay in milliseconds.") }).describe("Sent once, first."),
    z
      .object({
        event: z.literal("counts"),
        data: z.string().meta({
          contentMediaType: "application/json",
          contentSchema: { $ref: "#/components/schemas/LiveCounts" },
          description: "JSON matching `LiveCounts`.",
        }),
      })
      .describe("The petition's figures, now and after every change."),
  ])
  .meta({
    id: "LiveEvent",
    description: "One server-sent event, as its fields: first `{retry: 3000}`, then `counts` events.",
  });

/**
 * The answers the document describes. Its components are these and every schema with an id that
 * they reference (app/services/openapi.server.ts).
 */
export const documentedSchemas: z.ZodType[] = [
  petitionList,
  petitionDetail,
  petitionVersions,
  history,
  ledgerEntry,
  ledgerHead,
  paperBatches,
  snapshot,
  liveEvent,
  liveCounts,
  logInfo,
  checkpointNote,
  inclusionProofs,
  consistencyProof,
  logEntries,
  cosignaturesAccepted,
  cosignatureError,
  oembed,
  openApiDocumentSchema,
  notFoundError,
  badQueryError,
  formatNotSupportedError,
];

// ---- query strings (parsed by the routes with parseQuery, documented as parameters) ----

const sorts = ["newest", "signed", "trending"] as const;
export const listQuerySchema = z.object({
  status: z
    .enum([...publicStatuses, "rejected"])
    .optional()
    .describe(
      "Only petitions with this status (default: the three public ones). `rejected` lists rejected citizen petitions with their reason instead.",
    ),
  sort: z
    .enum(sorts)
    .default("newest")
    .describe(
      "`newest` (by publication time), `signed` (most confirmed first), `trending` (most confirmations in the last hour; adds `lastHour`).",
    ),
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe("Page number."),
  per_page: z.coerce.number().int().min(1).max(PER_PAGE_MAX).default(50).describe("Petitions per page."),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export const historyQuerySchema = z.object({
  interval: interval
    .default("hour")
    .describe(
      "Bucket size: `hour` (UTC hours) or `day` (calendar days in Kazakhstan, UTC+5: a day starts at 19:00 UTC of the previous date). Any other value is a 400.",
    ),
});

export const ledgerQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,9}$/, "must be a sequence number (0 or more)")
    .transform(Number)
    .optional()
    .describe("Only entries with `seq` greater than this (resume a download). 1 to 9 decimal digits; default 0."),
});

const whole = (max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`));
const treeSize = whole(2_000_000_000);

/** The log's proofs (docs/ledger.md, "The witnessed log"). */
export const inclusionQuerySchema = z
  .object({
    size: treeSize.optional().describe("A published checkpoint's size (default: the latest)."),
    index: treeSize.optional().describe("A place in the log."),
    petition: z.string().min(1).max(200).optional().describe("A petition's slug."),
    seq: treeSize.optional().describe("An entry of that petition's ledger."),
    receipt: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a receipt")
      .optional()
      .describe("A receipt of that petition."),
  })
  .refine(
    (query) =>
      query.index !== undefined
        ? query.petition === undefined && query.seq === undefined && query.receipt === undefined
        : query.petition !== undefined && (query.seq === undefined) !== (query.receipt === undefined),
    "give index, or petition with either seq or receipt",
  );

export const consistencyQuerySchema = z
  .object({
    from: treeSize.describe("The earlier tree size."),
    to: treeSize.describe("A published checkpoint's size, not smaller."),
  })
  .refine((query) => query.from <= query.to, "from must not be larger than to");

export const entriesQuerySchema = z
  .object({
    start: treeSize.default(0).describe("First index (default 0)."),
    end: treeSize
      .optional()
      .describe(
        `One past the last index, at most \`start\` + ${ENTRIES_PER_PAGE} and the latest checkpoint's size (default: as far as both allow).`,
      ),
  })
  .refine((query) => query.end === undefined || query.end > query.start, "end must be larger than start")
  .refine(
    (query) => query.end === undefined || query.end - query.start <= ENTRIES_PER_PAGE,
    `at most ${ENTRIES_PER_PAGE} entries per page`,
  );

/** oEmbed is lenient by its spec: a size that is no positive number falls back to the default. */
export const oembedQuerySchema = z.object({
  url: z
    .url()
    .describe(
      "A petition page of this site, `{server}/kk/p/{slug}` or `{server}/ru/p/{slug}`, or a citable snapshot of one, `{server}/kk/s/{id}` (its counter shows the frozen figures). The language picks the title and the counter's language.",
    ),
  format: z.enum(["json"]).default("json").describe("Only `json`; anything else is a 501."),
  maxwidth: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`Maximum width in pixels (default ${OEMBED_SIZE.width.default}; capped at ${OEMBED_SIZE.width.max}).`),
  maxheight: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`Maximum height in pixels (default ${OEMBED_SIZE.height.default}; capped at ${OEMBED_SIZE.height.max}).`),
});

/** `?lang=` of the badge and the embed page: any other value falls back to Kazakh. */
export const langQuerySchema = z.object({ lang: z.enum(locales).default("kk") });
