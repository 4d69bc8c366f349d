-- Written by hand with ADD COLUMN: redefining "Publication" would drop its search triggers.
-- CreateTable
CREATE TABLE "SheetRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "publicationId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT '',
    "firstSerial" INTEGER NOT NULL,
    "sheets" INTEGER NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SheetRun_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable
ALTER TABLE "Publication" ADD COLUMN "responseDocSha256" TEXT;
ALTER TABLE "Publication" ADD COLUMN "responseDocBytes" INTEGER;
ALTER TABLE "Publication" ADD COLUMN "responsePostedAt" DATETIME;
ALTER TABLE "Publication" ADD COLUMN "responseMailedAt" DATETIME;
ALTER TABLE "Publication" ADD COLUMN "sheetSerials" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "PaperBatch" ADD COLUMN "sheetSerials" TEXT NOT NULL DEFAULT '';
ALTER TABLE "SignerUpdate" ADD COLUMN "isPublic" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "SheetRun_publicationId_createdAt_idx" ON "SheetRun"("publicationId", "createdAt");
