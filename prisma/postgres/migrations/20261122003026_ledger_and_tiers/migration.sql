-- AlterTable
ALTER TABLE "Publication" ADD COLUMN     "anonymizedAt" TIMESTAMP(3),
ADD COLUMN     "retentionDays" INTEGER NOT NULL DEFAULT 183;

-- AlterTable
ALTER TABLE "Signature" ADD COLUMN     "flag" TEXT,
ADD COLUMN     "receipt" TEXT,
ADD COLUMN     "removedReason" TEXT,
ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "RegionCount" ADD COLUMN     "held" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "paper" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pending" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "removed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "withdrawn" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "RemovalCount" (
    "publicationId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "removed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RemovalCount_pkey" PRIMARY KEY ("publicationId","reason")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "publicationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "receipt" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("publicationId","seq")
);

-- CreateTable
CREATE TABLE "LedgerHead" (
    "publicationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LedgerHead_pkey" PRIMARY KEY ("publicationId")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "lockedUntil" TIMESTAMP(3) NOT NULL,
    "lastRunAt" TIMESTAMP(3),

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "LedgerEntry_publicationId_receipt_idx" ON "LedgerEntry"("publicationId", "receipt");

-- CreateIndex
CREATE UNIQUE INDEX "Signature_receipt_key" ON "Signature"("receipt");

-- CreateIndex
CREATE INDEX "Signature_publicationId_flag_idx" ON "Signature"("publicationId", "flag");

-- CreateIndex
CREATE INDEX "Signature_ipHash_idx" ON "Signature"("ipHash");

-- AddForeignKey
ALTER TABLE "RemovalCount" ADD CONSTRAINT "RemovalCount_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerHead" ADD CONSTRAINT "LedgerHead_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;
