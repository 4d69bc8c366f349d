import { regionCodes } from "~/data/regions.ts";
import { db } from "~/db.server.ts";
import { GENESIS_HASH } from "~/models/ledger.server.ts";

export const kinds = ["petition", "statement", "report"] as const;
export type Kind = (typeof kinds)[number];

const kindBySegment: Record<string, Kind> = { petitions: "petition", statements: "statement", reports: "report" };
/** The kind a list address names (/kk/petitions), or null: only the table's own keys count. */
export function kindForSegment(segment: string | undefined): Kind | null {
  return segment && Object.hasOwn(kindBySegment, segment) ? kindBySegment[segment] : null;
}
export const publicStatuses = ["open", "closed", "archived"] as const;
/**
 * Statuses in which signatures are taken: open, and a citizen petition gathering its first
 * supporters (submitted) or waiting for a moderator with them (moderation). Those signatures are
 * stored, ledgered and counted like any other; nobody sees the counts until it is published.
 */
const collectingStatuses: readonly string[] = ["open", "submitted", "moderation"];

const listSelect = {
  id: true,
  slug: true,
  kind: true,
  endorsable: true,
  status: true,
  titleKk: true,
  titleRu: true,
  summaryKk: true,
  summaryRu: true,
  goal: true,
  deadline: true,
  publishedAt: true,
  closedAt: true,
  organization: { select: { nameKk: true, nameRu: true } },
} as const;

/**
 * Published (not draft) publications, newest first, optionally of one kind; with a region, those
 * that concern it: named in their scope, or about the whole country (empty scope).
 */
export async function listPublications(input: { kind?: Kind; take?: number; region?: string } = {}) {
  return db().publication.findMany({
    where: {
      status: { in: [...publicStatuses] },
      ...(input.kind ? { kind: input.kind } : {}),
      // Region codes have a fixed form (KZ-10 … KZ-79), so "contains" cannot match a longer code.
      ...(input.region ? { OR: [{ regionScope: "" }, { regionScope: { contains: input.region } }] } : {}),
    },
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }],
    take: input.take ?? 100,
    select: listSelect,
  });
}
export type PublicationListItem = Awaited<ReturnType<typeof listPublications>>[number];

export async function getPublishedPublication(slug: string) {
  return db().publication.findFirst({
    where: { slug, status: { in: [...publicStatuses] } },
    select: {
      ...listSelect,
      bodyKk: true,
      bodyRu: true,
      addresseeKk: true,
      addresseeRu: true,
      updatedAt: true,
      endorsable: true,
      version: true,
      onlyLanguage: true,
      regionScope: true,
      responseKk: true,
      responseRu: true,
      respondedAt: true,
      responseUrl: true,
      responseDocSha256: true,
      responseDocBytes: true,
      responsePostedAt: true,
      organization: { select: { nameKk: true, nameRu: true, website: true, email: true } },
      origin: true,
      citizen: { select: { showName: true, creatorName: true } },
    },
  });
}

/** Who a published petition is by: its organization, and a citizen creator's name if they agreed. */
export function authorLine(publication: PublicationDetail, locale: "kk" | "ru") {
  const organization = locale === "kk" ? publication.organization.nameKk : publication.organization.nameRu;
  return publication.citizen?.showName ? `${organization} (${publication.citizen.creatorName})` : organization;
}
export type PublicationDetail = NonNullable<Awaited<ReturnType<typeof getPublishedPublication>>>;

type SigningState = {
  kind: string;
  endorsable?: boolean;
  status: string;
  deadline: Date | null;
  closedAt: Date | null;
};

/** Petitions collect signatures; so do statements their organizers opened for endorsement. */
export function collectsSignatures(publication: { kind: string; endorsable?: boolean }) {
  return publication.kind === "petition" || (publication.kind === "statement" && publication.endorsable === true);
}

/** Prisma filter for the publications that collect signatures (the same rule as above). */
export const signableWhere = { OR: [{ kind: "petition" }, { kind: "statement", endorsable: true }] };
/** The same rule for raw SQL on either database (TRUE is 1 in SQLite). */
export const signableSql = `("kind" = 'petition' OR ("kind" = 'statement' AND "endorsable" = TRUE))`;

/** Signing is possible on an open petition (or endorsable statement) whose deadline has not passed. */
export function isOpenForSigning(publication: SigningState, now = new Date()) {
  return (
    collectsSignatures(publication) &&
    collectingStatuses.includes(publication.status) &&
    (!publication.deadline || publication.deadline > now)
  );
}

/** When signing ended: closed by hand, or by the deadline. */
export function signingEndedAt(publication: SigningState, now = new Date()): Date | null {
  if (collectingStatuses.includes(publication.status))
    return publication.deadline && publication.deadline <= now ? publication.deadline : null;
  // Closed with no date recorded: treat as long over (no grace; retention applies), never "now".
  return publication.closedAt ?? publication.deadline ?? new Date(0);
}

export type NewPublication = {
  slug: string;
  kind: Kind;
  status: "draft" | "open" | "closed" | "archived";
  onlyLanguage?: string | null;
  regionScope?: string;
  organizationId: string;
  titleKk: string;
  titleRu: string;
  summaryKk: string;
  summaryRu: string;
  bodyKk: string;
  bodyRu: string;
  /** Latin spellings by hand (decision 057); absent or "": transliterated automatically. */
  titleKkLatn?: string;
  summaryKkLatn?: string;
  addresseeKk?: string | null;
  addresseeRu?: string | null;
  goal?: number | null;
  deadline?: Date | null;
  publishedAt?: Date | null;
  closedAt?: Date | null;
};

/** Creates a publication; petitions get their 21 region counter rows at once. */
export async function createPublication(data: NewPublication) {
  return db().$transaction((tx) => insertPublication(tx, data));
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/** createPublication inside the caller's transaction (a citizen petition adds its creator's row). */
export async function insertPublication(tx: Tx, data: NewPublication & { origin?: "organization" | "citizen" }) {
  {
    const publication = await tx.publication.create({ data, select: { id: true, slug: true } });
    const { titleKk, titleRu, summaryKk, summaryRu, bodyKk, bodyRu, titleKkLatn, summaryKkLatn } = data;
    await tx.publicationVersion.create({
      data: {
        publicationId: publication.id,
        number: 1,
        titleKk,
        titleRu,
        summaryKk,
        summaryRu,
        bodyKk,
        bodyRu,
        titleKkLatn,
        summaryKkLatn,
        createdAt: data.publishedAt ?? undefined,
      },
    });
    if (data.kind === "petition") {
      await tx.regionCount.createMany({
        data: regionCodes.map((region) => ({ publicationId: publication.id, region })),
      });
      await tx.ledgerHead.create({ data: { publicationId: publication.id, seq: 0, hash: GENESIS_HASH } });
    }
    return publication;
  }
}

/** What a list card shows, in one language. */
export function toCard(item: PublicationListItem, locale: "kk" | "ru", totals: Map<string, number>) {
  const kk = locale === "kk";
  return {
    slug: item.slug,
    kind: item.kind,
    status: item.status,
    title: kk ? item.titleKk : item.titleRu,
    summary: kk ? item.summaryKk : item.summaryRu,
    organization: kk ? item.organization.nameKk : item.organization.nameRu,
    publishedAt: item.publishedAt?.toISOString() ?? null,
    confirmed: collectsSignatures(item) ? (totals.get(item.id) ?? 0) : null,
    goal: item.goal,
  };
}

/** Petitions still collecting, for the resend form's choice. */
export async function listOpenPetitionOptions(locale: "kk" | "ru") {
  const rows = await db().publication.findMany({
    where: { ...signableWhere, status: "open" },
    orderBy: { publishedAt: "desc" },
    take: 50,
    select: { slug: true, titleKk: true, titleRu: true },
  });
  return rows.map((row) => ({ slug: row.slug, title: locale === "kk" ? row.titleKk : row.titleRu }));
}

/** Every public petition (open or not), for the receipt check. */
export async function listPetitionOptions(locale: "kk" | "ru") {
  const rows = await db().publication.findMany({
    where: { ...signableWhere, status: { in: [...publicStatuses] } },
    orderBy: { publishedAt: "desc" },
    take: 200,
    select: { slug: true, titleKk: true, titleRu: true },
  });
  return rows.map((row) => ({ slug: row.slug, title: locale === "kk" ? row.titleKk : row.titleRu }));
}

/** Kazakh titles and summaries of public publications with the Latin spelling given by hand (decision 057). */
export async function latinSpellingPairs(): Promise<[cyrillic: string, latin: string][]> {
  const rows = await db().publication.findMany({
    where: {
      status: { in: [...publicStatuses] },
      OR: [{ titleKkLatn: { not: "" } }, { summaryKkLatn: { not: "" } }],
    },
    select: { titleKk: true, titleKkLatn: true, summaryKk: true, summaryKkLatn: true },
  });
  return rows.flatMap((row) => [
    [row.titleKk, row.titleKkLatn],
    [row.summaryKk, row.summaryKkLatn],
  ]);
}
