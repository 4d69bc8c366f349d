-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Signature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "publicationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailCanonical" TEXT NOT NULL,
    "emailDomain" TEXT NOT NULL DEFAULT '',
    "region" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "isPublic" BOOLEAN NOT NULL DEFAULT false,
    "wantsUpdates" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "flag" TEXT,
    "removedReason" TEXT,
    "receipt" TEXT,
    "mailsSent" INTEGER NOT NULL DEFAULT 0,
    "ipHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" DATETIME,
    "withdrawnAt" DATETIME,
    CONSTRAINT "Signature_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Signature" ("confirmedAt", "createdAt", "email", "emailCanonical", "flag", "id", "ipHash", "isPublic", "locale", "mailsSent", "name", "publicationId", "receipt", "region", "removedReason", "status", "wantsUpdates", "withdrawnAt") SELECT "confirmedAt", "createdAt", "email", "emailCanonical", "flag", "id", "ipHash", "isPublic", "locale", "mailsSent", "name", "publicationId", "receipt", "region", "removedReason", "status", "wantsUpdates", "withdrawnAt" FROM "Signature";
DROP TABLE "Signature";
ALTER TABLE "new_Signature" RENAME TO "Signature";
CREATE UNIQUE INDEX "Signature_receipt_key" ON "Signature"("receipt");
CREATE INDEX "Signature_publicationId_status_isPublic_confirmedAt_idx" ON "Signature"("publicationId", "status", "isPublic", "confirmedAt");
CREATE INDEX "Signature_publicationId_flag_idx" ON "Signature"("publicationId", "flag");
CREATE INDEX "Signature_ipHash_idx" ON "Signature"("ipHash");
CREATE INDEX "Signature_createdAt_emailDomain_idx" ON "Signature"("createdAt", "emailDomain");
CREATE UNIQUE INDEX "Signature_publicationId_emailCanonical_key" ON "Signature"("publicationId", "emailCanonical");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill: the domain of existing signatures.
UPDATE "Signature" SET "emailDomain" = substr("emailCanonical", instr("emailCanonical", '@') + 1) WHERE "emailDomain" = '' AND instr("emailCanonical", '@') > 0;
