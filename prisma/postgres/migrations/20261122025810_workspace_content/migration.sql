-- AlterTable
ALTER TABLE "Publication" ADD COLUMN     "endorsable" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "onlyLanguage" TEXT,
ADD COLUMN     "regionScope" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "respondedAt" TIMESTAMP(3),
ADD COLUMN     "responseKk" TEXT,
ADD COLUMN     "responseRu" TEXT,
ADD COLUMN     "responseUrl" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Signature" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "headers" TEXT;

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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "PublicationVersion_pkey" PRIMARY KEY ("publicationId","number")
);

-- CreateTable
CREATE TABLE "PaperBatch" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "receipt" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "collectedFrom" TIMESTAMP(3) NOT NULL,
    "collectedTo" TIMESTAMP(3) NOT NULL,
    "scanSha256" TEXT,
    "scanName" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "correctsId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaperBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignerUpdate" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "subjectKk" TEXT NOT NULL,
    "subjectRu" TEXT NOT NULL,
    "bodyKk" TEXT NOT NULL,
    "bodyRu" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "SignerUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PaperBatch_receipt_key" ON "PaperBatch"("receipt");

-- CreateIndex
CREATE INDEX "PaperBatch_publicationId_createdAt_idx" ON "PaperBatch"("publicationId", "createdAt");

-- CreateIndex
CREATE INDEX "SignerUpdate_publicationId_createdAt_idx" ON "SignerUpdate"("publicationId", "createdAt");

-- CreateIndex
CREATE INDEX "Signature_publicationId_status_version_idx" ON "Signature"("publicationId", "status", "version");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- AddForeignKey
ALTER TABLE "PublicationVersion" ADD CONSTRAINT "PublicationVersion_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperBatch" ADD CONSTRAINT "PaperBatch_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignerUpdate" ADD CONSTRAINT "SignerUpdate_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every existing publication starts at text version 1 (hand-written: keep the history complete).
INSERT INTO "PublicationVersion" ("publicationId", "number", "titleKk", "titleRu", "summaryKk", "summaryRu", "bodyKk", "bodyRu", "createdAt")
SELECT "id", 1, "titleKk", "titleRu", "summaryKk", "summaryRu", "bodyKk", "bodyRu", COALESCE("publishedAt", "createdAt") FROM "Publication";
