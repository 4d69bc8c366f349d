-- AlterTable
ALTER TABLE "Publication" ADD COLUMN     "responseDocBytes" INTEGER,
ADD COLUMN     "responseDocSha256" TEXT,
ADD COLUMN     "responseMailedAt" TIMESTAMP(3),
ADD COLUMN     "responsePostedAt" TIMESTAMP(3),
ADD COLUMN     "sheetSerials" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "PaperBatch" ADD COLUMN     "sheetSerials" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "SignerUpdate" ADD COLUMN     "isPublic" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SheetRun" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT '',
    "firstSerial" INTEGER NOT NULL,
    "sheets" INTEGER NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SheetRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SheetRun_publicationId_createdAt_idx" ON "SheetRun"("publicationId", "createdAt");

-- AddForeignKey
ALTER TABLE "SheetRun" ADD CONSTRAINT "SheetRun_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;
