-- AlterTable
ALTER TABLE "Signature" ADD COLUMN "removedFrom" TEXT;

-- Removed signatures before this migration: those with a "remove" ledger entry were counted
-- (confirmed); the others were held (held removals were not ledgered then).
UPDATE "Signature" SET "removedFrom" = CASE WHEN EXISTS (
  SELECT 1 FROM "LedgerEntry" e WHERE e."publicationId" = "Signature"."publicationId" AND e."receipt" = "Signature"."receipt" AND e."type" = 'remove'
) THEN 'confirmed' ELSE 'held' END WHERE "status" = 'removed';

-- The states and ledger types of app/models/signature-states.ts, and nothing else. SQLite cannot
-- add a CHECK to an existing table without rebuilding it: triggers refuse the same rows.
CREATE TRIGGER "Signature_state_insert" BEFORE INSERT ON "Signature"
WHEN NEW."status" NOT IN ('pending', 'confirmed', 'held', 'withdrawn', 'removed') OR (NEW."removedFrom" IS NOT NULL AND NEW."removedFrom" NOT IN ('pending', 'confirmed', 'held'))
BEGIN SELECT RAISE(ABORT, 'Signature: unknown state'); END;
CREATE TRIGGER "Signature_state_update" BEFORE UPDATE OF "status", "removedFrom" ON "Signature"
WHEN NEW."status" NOT IN ('pending', 'confirmed', 'held', 'withdrawn', 'removed') OR (NEW."removedFrom" IS NOT NULL AND NEW."removedFrom" NOT IN ('pending', 'confirmed', 'held'))
BEGIN SELECT RAISE(ABORT, 'Signature: unknown state'); END;
CREATE TRIGGER "LedgerEntry_type_insert" BEFORE INSERT ON "LedgerEntry"
WHEN NEW."type" NOT IN ('sign', 'confirm', 'hold', 'release', 'withdraw', 'withdraw-pending', 'withdraw-held', 'remove', 'remove-pending', 'remove-held', 'restore', 'restore-pending', 'restore-held', 'paper')
BEGIN SELECT RAISE(ABORT, 'LedgerEntry: unknown type'); END;
