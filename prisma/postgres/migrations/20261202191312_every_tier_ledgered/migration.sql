-- AlterTable
ALTER TABLE "Signature" ADD COLUMN     "removedFrom" TEXT;

-- Removed signatures before this migration: those with a "remove" ledger entry were counted
-- (confirmed); the others were held (held removals were not ledgered then).
UPDATE "Signature" SET "removedFrom" = CASE WHEN EXISTS (
  SELECT 1 FROM "LedgerEntry" e WHERE e."publicationId" = "Signature"."publicationId" AND e."receipt" = "Signature"."receipt" AND e."type" = 'remove'
) THEN 'confirmed' ELSE 'held' END WHERE "status" = 'removed';

-- The states and ledger types of app/models/signature-states.ts, and nothing else.
ALTER TABLE "Signature" ADD CONSTRAINT "Signature_status_check" CHECK ("status" IN ('pending', 'confirmed', 'held', 'withdrawn', 'removed'));
ALTER TABLE "Signature" ADD CONSTRAINT "Signature_removedFrom_check" CHECK ("removedFrom" IS NULL OR "removedFrom" IN ('pending', 'confirmed', 'held'));
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_type_check" CHECK ("type" IN ('sign', 'confirm', 'hold', 'release', 'withdraw', 'withdraw-pending', 'withdraw-held', 'remove', 'remove-pending', 'remove-held', 'restore', 'restore-pending', 'restore-held', 'paper'));
