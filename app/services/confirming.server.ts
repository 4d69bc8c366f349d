// Confirming a signature with the link from its mail. Mail scanners and link previewers open
// links, so opening one (GET, HEAD) only shows what would be confirmed; the page's button (a
// POST) confirms. Confirmations that arrive together share one transaction (group commit, like
// signing) and move through the one writer, moveSignatures: the ledger entry, the counters and
// the used token together.
import type { Locale } from "~/i18n.ts";
import { maskEmail } from "~/lib/email.ts";
import { rawAll, toBool, toDate, type RawSql } from "~/lib/raw-sql.server.ts";
import { hashToken, looksLikeToken } from "~/lib/tokens.server.ts";
import { queueSupportedPetitions } from "~/models/citizen.server.ts";
import { moveSignatures, type SignatureRef } from "~/models/signature.server.ts";
import { isSignatureState, type SignatureState } from "~/models/signature-states.ts";
import { batchedWrites } from "~/services/batched-writes.server.ts";
import { announceCountChange } from "~/models/count-changes.server.ts";
import { confirmationBatchSize, confirmations } from "~/services/metrics.server.ts";
import { withinGrace } from "~/services/signing.server.ts";

type LinkedPetition = {
  id: string;
  slug: string;
  kind: string;
  endorsable: boolean;
  status: string;
  deadline: Date | null;
  closedAt: Date | null;
  titleKk: string;
  titleRu: string;
};

type FoundToken = {
  tokenId: string;
  expiresAt: Date;
  signature: SignatureRef & { flag: string | null; email: string; version: number };
  petition: LinkedPetition;
};

const TOKEN_SELECT = `SELECT t."id" AS "tokenId", t."tokenHash", t."purpose", t."expiresAt",
            s."id" AS "signatureId", s."status" AS "signatureStatus", s."region", s."flag", s."receipt", s."email", s."version",
            p."id" AS "petitionId", p."slug", p."kind", p."endorsable", p."status" AS "petitionStatus", p."deadline", p."closedAt", p."titleKk", p."titleRu"
       FROM "SignatureToken" t JOIN "Signature" s ON s."id" = t."signatureId" JOIN "Publication" p ON p."id" = s."publicationId"`;

function toFound(row: Record<string, unknown>): FoundToken | null {
  if (row.purpose !== "confirm" || !isSignatureState(row.signatureStatus) || !row.receipt) return null;
  return {
    tokenId: row.tokenId as string,
    expiresAt: toDate(row.expiresAt)!,
    signature: {
      id: row.signatureId as string,
      publicationId: row.petitionId as string,
      region: row.region as string,
      receipt: row.receipt as string,
      status: row.signatureStatus,
      flag: (row.flag as string | null) ?? null,
      email: row.email as string,
      version: Number(row.version),
    },
    petition: {
      id: row.petitionId as string,
      slug: row.slug as string,
      kind: row.kind as string,
      endorsable: toBool(row.endorsable),
      status: row.petitionStatus as string,
      deadline: toDate(row.deadline),
      closedAt: toDate(row.closedAt),
      titleKk: row.titleKk as string,
      titleRu: row.titleRu as string,
    },
  };
}

/** What a confirmation link stands for now. */
export type LinkState = "ask" | "expired" | "closed" | SignatureState;

function stateOf(found: FoundToken, now: Date): LinkState {
  if (found.signature.status !== "pending") return found.signature.status;
  if (found.expiresAt <= now) return "expired";
  if (!withinGrace(found.petition, now)) return "closed";
  return "ask";
}

export type ConfirmationView =
  | { state: "invalid" }
  | {
      state: LinkState;
      /** A citizen petition's supporters confirm before it is public: no link to its page yet. */
      petition: { slug: string; kind: string; title: string; published: boolean };
      region: string;
      receipt: string;
      /** The address the mail went to, masked: enough to recognise, not to harvest. */
      maskedEmail: string;
      version: number;
    };

/** What the page shows for a link (read only: GET and HEAD never change anything). */
export async function viewConfirmation(token: string, locale: Locale, now = new Date()): Promise<ConfirmationView> {
  if (!looksLikeToken(token)) return { state: "invalid" };
  const [row] = await rawAll<Record<string, unknown>>(`${TOKEN_SELECT} WHERE t."tokenHash" = ?`, [hashToken(token)]);
  const found = row ? toFound(row) : null;
  if (!found || found.petition.status === "draft") return { state: "invalid" };
  return {
    state: stateOf(found, now),
    petition: {
      slug: found.petition.slug,
      kind: found.petition.kind,
      title: locale === "kk" ? found.petition.titleKk : found.petition.titleRu,
      published: ["open", "closed", "archived"].includes(found.petition.status),
    },
    region: found.signature.region,
    receipt: found.signature.receipt,
    maskedEmail: maskEmail(found.signature.email),
    version: found.signature.version,
  };
}

/** Confirms the signature behind a link (POST). Idempotent: a second press finds it confirmed. */
export async function confirmByLink(token: string): Promise<{ state: LinkState | "invalid" }> {
  if (!looksLikeToken(token)) return { state: "invalid" };
  const result = await confirmInBatch(hashToken(token));
  if (result.moved) confirmations.inc();
  return { state: result.state };
}

/** Confirmations per transaction under a mail wave. */
const MAX_CONFIRMATIONS_PER_BATCH = 100;

const confirmInBatch = batchedWrites(
  async (sql: RawSql, tokenHashes: string[]) => {
    const now = new Date();
    const distinct = [...new Set(tokenHashes)];
    const rows = await sql.all<Record<string, unknown>>(
      `${TOKEN_SELECT} WHERE t."tokenHash" IN (${distinct.map(() => "?").join(", ")})`,
      distinct,
    );
    const found = new Map<string, FoundToken | null>(rows.map((row) => [row.tokenHash as string, toFound(row)]));
    const asked = new Map<string, FoundToken>();
    for (const hash of tokenHashes) {
      const link = found.get(hash);
      if (link && link.petition.status !== "draft" && stateOf(link, now) === "ask") asked.set(link.signature.id, link);
    }
    // An abuse rule's flag holds the signature for a moderator instead of counting it.
    const moved = await moveSignatures(
      sql,
      [...asked.values()].map((link) => ({
        signature: link.signature,
        action: link.signature.flag ? "hold" : "confirm",
      })),
      { now },
    );
    // Supporters of a citizen petition: enough of them confirmed puts it in the moderation queue.
    const gathering = new Set(
      moved
        .map((move) => asked.get(move.id)!.petition)
        .filter((petition) => petition.status === "submitted")
        .map((p) => p.id),
    );
    if (gathering.size) await queueSupportedPetitions(sql, [...gathering], now);
    const movedTo = new Map(moved.map((move) => [move.id, move.transition.to]));
    const reported = new Set<string>();
    return tokenHashes.map((hash): { state: LinkState | "invalid"; moved: string | null } => {
      const link = found.get(hash);
      if (!link || link.petition.status === "draft") return { state: "invalid", moved: null };
      const to = movedTo.get(link.signature.id);
      if (!to) return { state: stateOf(link, now), moved: null };
      // Two presses in one batch: both are told where it is now, one counts as the move.
      const first = !reported.has(link.signature.id);
      reported.add(link.signature.id);
      return { state: to, moved: first ? link.petition.id : null };
    });
  },
  {
    maxBatch: MAX_CONFIRMATIONS_PER_BATCH,
    maxWaiting: 10_000,
    onBatch: (size) => confirmationBatchSize.observe(size),
    afterCommit: async (_, results) => {
      for (const publicationId of new Set(results.map((result) => result.moved).filter(Boolean)))
        await announceCountChange(publicationId!);
    },
  },
);
