-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN "checkpointSize" INTEGER;
ALTER TABLE "Snapshot" ADD COLUMN "logIndex" INTEGER;

-- CreateTable
CREATE TABLE "LogLeaf" (
    "index" INTEGER NOT NULL PRIMARY KEY,
    "publicationId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "LogNode" (
    "level" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    PRIMARY KEY ("level", "index")
);

-- CreateTable
CREATE TABLE "LogCursor" (
    "publicationId" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "LogCheckpoint" (
    "treeSize" INTEGER NOT NULL PRIMARY KEY,
    "rootHash" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LogCosignature" (
    "treeSize" INTEGER NOT NULL,
    "witness" TEXT NOT NULL,
    "line" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("treeSize", "witness")
);

-- CreateIndex
CREATE UNIQUE INDEX "LogLeaf_publicationId_seq_key" ON "LogLeaf"("publicationId", "seq");

-- CreateIndex
CREATE INDEX "LogCosignature_witness_treeSize_idx" ON "LogCosignature"("witness", "treeSize");
