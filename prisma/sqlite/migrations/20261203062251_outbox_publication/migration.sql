-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "publicationId" TEXT;

-- CreateIndex
CREATE INDEX "OutboxMessage_publicationId_idx" ON "OutboxMessage"("publicationId");

-- Update mails already queued name their update in the dedupe key ("update:<updateId>:<signatureId>").
-- Confirmations queued before this migration stay unscoped: they are sent within seconds and
-- removed by outbox-cleanup after OUTBOX_RETENTION.
UPDATE "OutboxMessage" SET "publicationId" = (
  SELECT u."publicationId" FROM "SignerUpdate" u WHERE "OutboxMessage"."dedupeKey" LIKE 'update:' || u."id" || ':%'
) WHERE "kind" = 'update' AND "dedupeKey" LIKE 'update:%';
