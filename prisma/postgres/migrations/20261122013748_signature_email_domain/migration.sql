-- AlterTable
ALTER TABLE "Signature" ADD COLUMN     "emailDomain" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Signature_createdAt_emailDomain_idx" ON "Signature"("createdAt", "emailDomain");

-- Backfill: the domain of existing signatures.
UPDATE "Signature" SET "emailDomain" = split_part("emailCanonical", '@', 2) WHERE "emailDomain" = '' AND position('@' in "emailCanonical") > 0;
