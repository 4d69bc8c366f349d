-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "checkpointSize" INTEGER,
ADD COLUMN     "logIndex" INTEGER;

-- CreateTable
CREATE TABLE "LogLeaf" (
    "index" INTEGER NOT NULL,
    "publicationId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "LogLeaf_pkey" PRIMARY KEY ("index")
);

-- CreateTable
CREATE TABLE "LogNode" (
    "level" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "LogNode_pkey" PRIMARY KEY ("level","index")
);

-- CreateTable
CREATE TABLE "LogCursor" (
    "publicationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,

    CONSTRAINT "LogCursor_pkey" PRIMARY KEY ("publicationId")
);

-- CreateTable
CREATE TABLE "LogCheckpoint" (
    "treeSize" INTEGER NOT NULL,
    "rootHash" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LogCheckpoint_pkey" PRIMARY KEY ("treeSize")
);

-- CreateTable
CREATE TABLE "LogCosignature" (
    "treeSize" INTEGER NOT NULL,
    "witness" TEXT NOT NULL,
    "line" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LogCosignature_pkey" PRIMARY KEY ("treeSize","witness")
);

-- CreateIndex
CREATE UNIQUE INDEX "LogLeaf_publicationId_seq_key" ON "LogLeaf"("publicationId", "seq");

-- CreateIndex
CREATE INDEX "LogCosignature_witness_treeSize_idx" ON "LogCosignature"("witness", "treeSize");
