// The texts people signed: every version as published, every minor edit made to it afterwards
// (before and after), and which of them a given signature was given on. Read by the public
// versions page, the API and the receipt check; written only by app/models/editor.server.ts.
import { db } from "~/db.server.ts";
import { publicStatuses, signableWhere } from "~/models/publication.server.ts";

/** Minor edits allowed per version; the next change of its text is a new version. */
export const MINOR_EDITS_PER_VERSION = 3;

export const textFieldNames = ["titleKk", "titleRu", "summaryKk", "summaryRu", "bodyKk", "bodyRu"] as const;
export type TextFieldName = (typeof textFieldNames)[number];
export type Texts = Record<TextFieldName, string>;

/** Where a version's text, or its text after minor edit `edit`, is shown on the versions page. */
export const versionAnchor = (version: number, edit = 0) => (edit > 0 ? `v${version}-edit-${edit}` : `v${version}`);

function fieldMap(json: string): Partial<Texts> {
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    return Object.fromEntries(
      textFieldNames.filter((field) => typeof parsed[field] === "string").map((field) => [field, parsed[field]]),
    ) as Partial<Texts>;
  } catch {
    return {};
  }
}

const textsOf = (row: Texts): Texts => Object.fromEntries(textFieldNames.map((field) => [field, row[field]])) as Texts;

type TextEdit = {
  seq: number;
  createdAt: Date;
  fields: TextFieldName[];
  before: Partial<Texts>;
  after: Partial<Texts>;
  /** The whole text once this edit was made. */
  text: Texts;
};

/**
 * Every version, oldest first: its text as published, its minor edits in order (each with the
 * whole text after it), the text it ended with, and the confirmed signatures given on it.
 */
export async function textHistory(publicationId: string) {
  const [versions, edits, counts] = await Promise.all([
    db().publicationVersion.findMany({ where: { publicationId }, orderBy: { number: "asc" } }),
    db().publicationEdit.findMany({ where: { publicationId }, orderBy: [{ version: "asc" }, { seq: "asc" }] }),
    db().signature.groupBy({ by: ["version"], where: { publicationId, status: "confirmed" }, _count: { _all: true } }),
  ]);
  const confirmedBy = new Map(counts.map((row) => [row.version, row._count._all]));
  return versions.map((version) => {
    const published = textsOf(version);
    let text = published;
    const ownEdits: TextEdit[] = edits
      .filter((edit) => edit.version === version.number)
      .map((edit) => {
        const after = fieldMap(edit.after);
        text = { ...text, ...after };
        return {
          seq: edit.seq,
          createdAt: edit.createdAt,
          fields: edit.fields.split(",").filter((field): field is TextFieldName => field in published),
          before: fieldMap(edit.before),
          after,
          text,
        };
      });
    return {
      number: version.number,
      createdAt: version.createdAt,
      noteKk: version.noteKk,
      noteRu: version.noteRu,
      confirmed: confirmedBy.get(version.number) ?? 0,
      minorEdits: version.minorEdits,
      /** Minor edits made before their history was kept: counted, but without before/after. */
      unrecordedEdits: Math.max(0, version.minorEdits - ownEdits.length),
      published,
      edits: ownEdits,
      final: text,
    };
  });
}

/** The minor edits of a publication, without texts (for the petition's JSON). */
export async function editSummary(publicationId: string, currentVersion: number) {
  const [current, edits] = await Promise.all([
    db().publicationVersion.findUnique({
      where: { publicationId_number: { publicationId, number: currentVersion } },
      select: { minorEdits: true },
    }),
    db().publicationEdit.findMany({
      where: { publicationId },
      orderBy: [{ version: "asc" }, { seq: "asc" }],
      select: { version: true, seq: true, createdAt: true, fields: true },
    }),
  ]);
  return {
    minorEdits: current?.minorEdits ?? 0,
    edits: edits.map((edit) => ({
      version: edit.version,
      seq: edit.seq,
      editedAt: edit.createdAt.toISOString(),
      fields: edit.fields.split(",").filter(Boolean) as TextFieldName[],
    })),
  };
}

/**
 * The text a signature (by its public receipt) was given on: its version, and how many minor
 * edits that version had by then. Null for receipts that are no signature (paper batches).
 */
async function signedText(publicationId: string, receipt: string) {
  const signature = await db().signature.findFirst({
    where: { publicationId, receipt },
    select: { version: true, createdAt: true },
  });
  if (!signature) return null;
  const edit = await db().publicationEdit.findFirst({
    where: { publicationId, version: signature.version, createdAt: { lte: signature.createdAt } },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  const edits = edit?.seq ?? 0;
  return { version: signature.version, edits, anchor: versionAnchor(signature.version, edits) };
}

/** The same, for a receipt entered on the public receipt check (published petitions only). */
export async function signedTextOf(slug: string, receipt: string) {
  const publication = await db().publication.findFirst({
    where: { slug, ...signableWhere, status: { in: [...publicStatuses] } },
    select: { id: true },
  });
  return publication ? signedText(publication.id, receipt) : null;
}

const SAVE_ACTIONS = ["publication.edit", "publication.minor-edit", "publication.new-version"];

export type EditConflictInfo = { fields: string[]; by: string | null; at: string | null };

/**
 * What was saved after revision `since`, by whom and when, from the audit log (every save writes
 * one entry with the revision it produced).
 */
export async function describeConflict(input: {
  slug: string;
  organizationId: string;
  since: number;
}): Promise<EditConflictInfo> {
  const rows = await db().auditLog.findMany({
    where: { organizationId: input.organizationId, target: input.slug, action: { in: SAVE_ACTIONS } },
    orderBy: { at: "desc" },
    take: 20,
    select: { at: true, userId: true, details: true },
  });
  const newer = rows
    .map((row) => ({ ...row, details: parseDetails(row.details) }))
    .filter((row) => typeof row.details.revision === "number" && row.details.revision > input.since);
  const fields = [
    ...new Set(newer.flatMap((row) => (Array.isArray(row.details.changed) ? row.details.changed.map(String) : []))),
  ];
  const latest = newer[0];
  if (!latest) return { fields, by: null, at: null };
  const user = latest.userId
    ? await db().user.findUnique({ where: { id: latest.userId }, select: { name: true, email: true } })
    : null;
  return { fields, by: user ? user.name || user.email : null, at: latest.at.toISOString() };
}

function parseDetails(details: string): { revision?: unknown; changed?: unknown } {
  try {
    return JSON.parse(details) as { revision?: unknown; changed?: unknown };
  } catch {
    return {};
  }
}
