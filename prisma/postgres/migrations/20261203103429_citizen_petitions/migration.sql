-- AlterTable
ALTER TABLE "Publication" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'organization';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isModerator" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CitizenPetition" (
    "publicationId" TEXT NOT NULL,
    "creatorName" TEXT NOT NULL,
    "creatorEmail" TEXT NOT NULL,
    "creatorEmailCanonical" TEXT NOT NULL,
    "creatorLocale" TEXT NOT NULL,
    "showName" BOOLEAN NOT NULL DEFAULT false,
    "addressee" TEXT NOT NULL,
    "languages" TEXT NOT NULL DEFAULT 'both',
    "emailConfirmedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "queuedAt" TIMESTAMP(3),
    "supportersNeeded" INTEGER NOT NULL DEFAULT 5,
    "changesNote" TEXT,
    "rejectionReason" TEXT,
    "rejectionNote" TEXT,
    "duplicateOfId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "ipHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CitizenPetition_pkey" PRIMARY KEY ("publicationId")
);

-- CreateTable
CREATE TABLE "CitizenToken" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CitizenToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CitizenPetition_creatorEmailCanonical_createdAt_idx" ON "CitizenPetition"("creatorEmailCanonical", "createdAt");

-- CreateIndex
CREATE INDEX "CitizenPetition_rejectionReason_decidedAt_idx" ON "CitizenPetition"("rejectionReason", "decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CitizenToken_tokenHash_key" ON "CitizenToken"("tokenHash");

-- CreateIndex
CREATE INDEX "CitizenToken_publicationId_purpose_idx" ON "CitizenToken"("publicationId", "purpose");

-- AddForeignKey
ALTER TABLE "CitizenPetition" ADD CONSTRAINT "CitizenPetition_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CitizenToken" ADD CONSTRAINT "CitizenToken_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "CitizenPetition"("publicationId") ON DELETE CASCADE ON UPDATE CASCADE;
