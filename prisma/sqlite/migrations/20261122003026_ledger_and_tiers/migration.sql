-- AlterTable
ALTER TABLE "Signature" ADD COLUMN "flag" TEXT;
ALTER TABLE "Signature" ADD COLUMN "receipt" TEXT;
ALTER TABLE "Signature" ADD COLUMN "removedReason" TEXT;
ALTER TABLE "Signature" ADD COLUMN "withdrawnAt" DATETIME;

-- CreateTable
CREATE TABLE "RemovalCount" (
    "publicationId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "removed" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("publicationId", "reason"),
    CONSTRAINT "RemovalCount_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "publicationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "minute" DATETIME NOT NULL,
    "receipt" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    PRIMARY KEY ("publicationId", "seq"),
    CONSTRAINT "LedgerEntry_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LedgerHead" (
    "publicationId" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LedgerHead_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "lockedUntil" DATETIME NOT NULL,
    "lastRunAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Publication" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "organizationId" TEXT NOT NULL,
    "titleKk" TEXT NOT NULL,
    "titleRu" TEXT NOT NULL,
    "summaryKk" TEXT NOT NULL,
    "summaryRu" TEXT NOT NULL,
    "bodyKk" TEXT NOT NULL,
    "bodyRu" TEXT NOT NULL,
    "addresseeKk" TEXT,
    "addresseeRu" TEXT,
    "goal" INTEGER,
    "deadline" DATETIME,
    "publishedAt" DATETIME,
    "closedAt" DATETIME,
    "retentionDays" INTEGER NOT NULL DEFAULT 183,
    "anonymizedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Publication_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Publication" ("addresseeKk", "addresseeRu", "bodyKk", "bodyRu", "closedAt", "createdAt", "deadline", "goal", "id", "kind", "organizationId", "publishedAt", "slug", "status", "summaryKk", "summaryRu", "titleKk", "titleRu", "updatedAt") SELECT "addresseeKk", "addresseeRu", "bodyKk", "bodyRu", "closedAt", "createdAt", "deadline", "goal", "id", "kind", "organizationId", "publishedAt", "slug", "status", "summaryKk", "summaryRu", "titleKk", "titleRu", "updatedAt" FROM "Publication";
DROP TABLE "Publication";
ALTER TABLE "new_Publication" RENAME TO "Publication";
CREATE UNIQUE INDEX "Publication_slug_key" ON "Publication"("slug");
CREATE INDEX "Publication_status_kind_publishedAt_idx" ON "Publication"("status", "kind", "publishedAt");
CREATE TABLE "new_RegionCount" (
    "publicationId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "confirmed" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "withdrawn" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "paper" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("publicationId", "region"),
    CONSTRAINT "RegionCount_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RegionCount" ("confirmed", "publicationId", "region", "updatedAt") SELECT "confirmed", "publicationId", "region", "updatedAt" FROM "RegionCount";
DROP TABLE "RegionCount";
ALTER TABLE "new_RegionCount" RENAME TO "RegionCount";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LedgerEntry_publicationId_receipt_idx" ON "LedgerEntry"("publicationId", "receipt");

-- CreateIndex
CREATE UNIQUE INDEX "Signature_receipt_key" ON "Signature"("receipt");

-- CreateIndex
CREATE INDEX "Signature_publicationId_flag_idx" ON "Signature"("publicationId", "flag");

-- CreateIndex
CREATE INDEX "Signature_ipHash_idx" ON "Signature"("ipHash");
