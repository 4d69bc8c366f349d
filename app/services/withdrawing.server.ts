// Withdrawing a signature with the link from its mail: the link asks, the button (POST)
// withdraws — from whichever tier the signature is in, through the one writer.
import { rawAll, rawTransaction, toDate } from "~/lib/raw-sql.server.ts";
import { hashToken, looksLikeToken } from "~/lib/tokens.server.ts";
import { moveSignatures, type SignatureRef } from "~/models/signature.server.ts";
import { isSignatureState, withdrawableStates } from "~/models/signature-states.ts";
import { announceCountChange } from "~/models/count-changes.server.ts";

type Petition = { id: string; slug: string; kind: string; titleKk: string; titleRu: string };
type Found = { expiresAt: Date; usedAt: Date | null; signature: SignatureRef; petition: Petition };

async function findWithdrawToken(token: string): Promise<Found | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await rawAll<Record<string, unknown>>(
    `SELECT t."purpose", t."expiresAt", t."usedAt", s."id", s."publicationId", s."region", s."receipt", s."status",
            p."slug", p."kind", p."titleKk", p."titleRu"
       FROM "SignatureToken" t JOIN "Signature" s ON s."id" = t."signatureId" JOIN "Publication" p ON p."id" = s."publicationId"
      WHERE t."tokenHash" = ?`,
    [hashToken(token)],
  );
  if (!row || row.purpose !== "withdraw" || !isSignatureState(row.status) || !row.receipt) return null;
  return {
    expiresAt: toDate(row.expiresAt)!,
    usedAt: toDate(row.usedAt),
    signature: {
      id: row.id as string,
      publicationId: row.publicationId as string,
      region: row.region as string,
      receipt: row.receipt as string,
      status: row.status,
    },
    petition: {
      id: row.publicationId as string,
      slug: row.slug as string,
      kind: row.kind as string,
      titleKk: row.titleKk as string,
      titleRu: row.titleRu as string,
    },
  };
}

/**
 * What a withdraw link points at, for the page that asks "are you sure?": nothing (an unknown or
 * mangled link), a link used or expired ("gone"), or the signature it can still withdraw.
 */
export async function peekWithdrawal(token: string) {
  const found = await findWithdrawToken(token);
  if (!found) return { link: "unknown" as const };
  // A used link still names what it was for (the page's words), never whose it was.
  if (found.usedAt || found.expiresAt <= new Date()) return { link: "gone" as const, kind: found.petition.kind };
  return { link: "usable" as const, petition: found.petition, status: found.signature.status };
}

export type WithdrawOutcome = "withdrawn" | "already-withdrawn" | "invalid";

/** Withdraws a signature (POST only: mail scanners follow links), with its ledger entry. */
export async function withdrawSignature(
  token: string,
  now = new Date(),
): Promise<{ outcome: WithdrawOutcome; petition?: Petition }> {
  const found = await findWithdrawToken(token);
  if (!found || found.expiresAt <= now) return { outcome: "invalid" };
  const { signature, petition } = found;
  if (!withdrawableStates.includes(signature.status)) return { outcome: "already-withdrawn", petition };
  const moved = await rawTransaction((sql) => moveSignatures(sql, [{ signature, action: "withdraw" }], { now }));
  if (moved.length === 0) return { outcome: "already-withdrawn", petition };
  await announceCountChange(petition.id);
  return { outcome: "withdrawn", petition };
}
