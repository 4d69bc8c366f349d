-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "dedupeKey" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "headers" TEXT;

-- CreateTable
CREATE TABLE "PublicationVersion" (
    "publicationId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "titleKk" TEXT NOT NULL,
    "titleRu" TEXT NOT NULL,
    "summaryKk" TEXT NOT NULL,
    "summaryRu" TEXT NOT NULL,
    "bodyKk" TEXT NOT NULL,
    "bodyRu" TEXT NOT NULL,
    "noteKk" TEXT NOT NULL DEFAULT '',
    "noteRu" TEXT NOT NULL DEFAULT '',
    "minorEdits" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    PRIMARY KEY ("publicationId", "number"),
    CONSTRAINT "PublicationVersion_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaperBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "publicationId" TEXT NOT NULL,
    "receipt" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "collectedFrom" DATETIME NOT NULL,
    "collectedTo" DATETIME NOT NULL,
    "scanSha256" TEXT,
    "scanName" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "correctsId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PaperBatch_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SignerUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "publicationId" TEXT NOT NULL,
    "subjectKk" TEXT NOT NULL,
    "subjectRu" TEXT NOT NULL,
    "bodyKk" TEXT NOT NULL,
    "bodyRu" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "SignerUpdate_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "regionScope" TEXT NOT NULL DEFAULT '',
    "onlyLanguage" TEXT,
    "endorsable" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "responseKk" TEXT,
    "responseRu" TEXT,
    "respondedAt" DATETIME,
    "responseUrl" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Publication_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Publication" ("addresseeKk", "addresseeRu", "anonymizedAt", "bodyKk", "bodyRu", "closedAt", "createdAt", "deadline", "goal", "id", "kind", "organizationId", "publishedAt", "retentionDays", "slug", "status", "summaryKk", "summaryRu", "titleKk", "titleRu", "updatedAt") SELECT "addresseeKk", "addresseeRu", "anonymizedAt", "bodyKk", "bodyRu", "closedAt", "createdAt", "deadline", "goal", "id", "kind", "organizationId", "publishedAt", "retentionDays", "slug", "status", "summaryKk", "summaryRu", "titleKk", "titleRu", "updatedAt" FROM "Publication";
DROP TABLE "Publication";
ALTER TABLE "new_Publication" RENAME TO "Publication";
CREATE UNIQUE INDEX "Publication_slug_key" ON "Publication"("slug");
CREATE INDEX "Publication_status_kind_publishedAt_idx" ON "Publication"("status", "kind", "publishedAt");
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
    "version" INTEGER NOT NULL DEFAULT 1,
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
INSERT INTO "new_Signature" ("confirmedAt", "createdAt", "email", "emailCanonical", "emailDomain", "flag", "id", "ipHash", "isPublic", "locale", "mailsSent", "name", "publicationId", "receipt", "region", "removedReason", "status", "wantsUpdates", "withdrawnAt") SELECT "confirmedAt", "createdAt", "email", "emailCanonical", "emailDomain", "flag", "id", "ipHash", "isPublic", "locale", "mailsSent", "name", "publicationId", "receipt", "region", "removedReason", "status", "wantsUpdates", "withdrawnAt" FROM "Signature";
DROP TABLE "Signature";
ALTER TABLE "new_Signature" RENAME TO "Signature";
CREATE UNIQUE INDEX "Signature_receipt_key" ON "Signature"("receipt");
CREATE INDEX "Signature_publicationId_status_isPublic_confirmedAt_idx" ON "Signature"("publicationId", "status", "isPublic", "confirmedAt");
CREATE INDEX "Signature_publicationId_status_version_idx" ON "Signature"("publicationId", "status", "version");
CREATE INDEX "Signature_publicationId_flag_idx" ON "Signature"("publicationId", "flag");
CREATE INDEX "Signature_ipHash_idx" ON "Signature"("ipHash");
CREATE INDEX "Signature_createdAt_emailDomain_idx" ON "Signature"("createdAt", "emailDomain");
CREATE UNIQUE INDEX "Signature_publicationId_emailCanonical_key" ON "Signature"("publicationId", "emailCanonical");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PaperBatch_receipt_key" ON "PaperBatch"("receipt");

-- CreateIndex
CREATE INDEX "PaperBatch_publicationId_createdAt_idx" ON "PaperBatch"("publicationId", "createdAt");

-- CreateIndex
CREATE INDEX "SignerUpdate_publicationId_createdAt_idx" ON "SignerUpdate"("publicationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- Every existing publication starts at text version 1 (hand-written: keep the history complete).
INSERT INTO "PublicationVersion" ("publicationId", "number", "titleKk", "titleRu", "summaryKk", "summaryRu", "bodyKk", "bodyRu", "createdAt")
SELECT "id", 1, "titleKk", "titleRu", "summaryKk", "summaryRu", "bodyKk", "bodyRu", COALESCE("publishedAt", "createdAt") FROM "Publication";
