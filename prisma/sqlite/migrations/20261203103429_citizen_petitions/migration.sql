-- CreateTable
CREATE TABLE "CitizenPetition" (
    "publicationId" TEXT NOT NULL PRIMARY KEY,
    "creatorName" TEXT NOT NULL,
    "creatorEmail" TEXT NOT NULL,
    "creatorEmailCanonical" TEXT NOT NULL,
    "creatorLocale" TEXT NOT NULL,
    "showName" BOOLEAN NOT NULL DEFAULT false,
    "addressee" TEXT NOT NULL,
    "languages" TEXT NOT NULL DEFAULT 'both',
    "emailConfirmedAt" DATETIME,
    "submittedAt" DATETIME,
    "queuedAt" DATETIME,
    "supportersNeeded" INTEGER NOT NULL DEFAULT 5,
    "changesNote" TEXT,
    "rejectionReason" TEXT,
    "rejectionNote" TEXT,
    "duplicateOfId" TEXT,
    "decidedAt" DATETIME,
    "decidedById" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "ipHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CitizenPetition_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CitizenToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "publicationId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CitizenToken_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "CitizenPetition" ("publicationId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Added in place (a redefinition of "Publication" would drop its search triggers)
ALTER TABLE "Publication" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'organization';
ALTER TABLE "User" ADD COLUMN "isModerator" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "CitizenPetition_creatorEmailCanonical_createdAt_idx" ON "CitizenPetition"("creatorEmailCanonical", "createdAt");

-- CreateIndex
CREATE INDEX "CitizenPetition_rejectionReason_decidedAt_idx" ON "CitizenPetition"("rejectionReason", "decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CitizenToken_tokenHash_key" ON "CitizenToken"("tokenHash");

-- CreateIndex
CREATE INDEX "CitizenToken_publicationId_purpose_idx" ON "CitizenToken"("publicationId", "purpose");
