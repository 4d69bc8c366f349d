-- CreateTable
CREATE TABLE "Snapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "publicationId" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed" INTEGER NOT NULL,
    "figures" TEXT NOT NULL,
    "ledgerSeq" INTEGER NOT NULL,
    "ledgerHash" TEXT NOT NULL,
    CONSTRAINT "Snapshot_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Snapshot_publicationId_takenAt_idx" ON "Snapshot"("publicationId", "takenAt");
