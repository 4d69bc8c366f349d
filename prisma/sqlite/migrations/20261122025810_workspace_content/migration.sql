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

-- AlterTable (hand-edited: Prisma would redefine "Publication" and "Signature", which drops the
-- full-text search triggers of the search migration; adding columns in place keeps them)
ALTER TABLE "Publication" ADD COLUMN "regionScope" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Publication" ADD COLUMN "onlyLanguage" TEXT;
ALTER TABLE "Publication" ADD COLUMN "endorsable" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Publication" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Publication" ADD COLUMN "responseKk" TEXT;
ALTER TABLE "Publication" ADD COLUMN "responseRu" TEXT;
ALTER TABLE "Publication" ADD COLUMN "respondedAt" DATETIME;
ALTER TABLE "Publication" ADD COLUMN "responseUrl" TEXT;
ALTER TABLE "Signature" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
CREATE INDEX "Signature_publicationId_status_version_idx" ON "Signature"("publicationId", "status", "version");

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
