// Personal data is kept only while it serves the petition: its retention period after signing
// ends, signers are anonymised in place. Counts, receipts and the ledger stay, still verifiable.
import { db } from "~/db.server.ts";
import { log } from "~/lib/log.server.ts";
import { signableWhere, signingEndedAt } from "~/models/publication.server.ts";

const DAY = 86_400_000;

export async function anonymizeExpiredPetitions(now = new Date()) {
  const candidates = await db().publication.findMany({
    where: { ...signableWhere, anonymizedAt: null, status: { in: ["open", "closed", "archived"] } },
    select: { id: true, slug: true, kind: true, status: true, deadline: true, closedAt: true, retentionDays: true },
  });
  let anonymized = 0;
  for (const petition of candidates) {
    const ended = signingEndedAt(petition, now);
    if (!ended || ended.getTime() + petition.retentionDays * DAY > now.getTime()) continue;
    const signatures = await anonymizePetition(petition.id, now);
    log.info("retention.anonymized", { petition: petition.slug, signatures });
    anonymized++;
  }
  return { anonymized };
}

async function anonymizePetition(publicationId: string, now = new Date()) {
  return db().$transaction(
    async (tx) => {
      // Queued or sent mail about this petition carries its signers' names and addresses. Only
      // this petition's: the same address may be waiting for a confirmation of another, open one.
      await tx.outboxMessage.deleteMany({ where: { publicationId } });
      await tx.signatureToken.deleteMany({ where: { signature: { publicationId } } });
      const changed = await tx.$executeRaw`
        UPDATE "Signature"
        SET "name" = '', "email" = '', "emailCanonical" = 'anonymized:' || "id", "ipHash" = NULL, "isPublic" = false, "wantsUpdates" = false
        WHERE "publicationId" = ${publicationId}`;
      await tx.publication.update({ where: { id: publicationId }, data: { anonymizedAt: now } });
      return changed;
    },
    { timeout: 120_000 },
  );
}
