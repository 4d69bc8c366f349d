-- AlterTable (ADD COLUMN, not a redefinition: redefining "Publication" would drop its search triggers)
ALTER TABLE "Publication" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "PublicationEdit" (
    "publicationId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "fields" TEXT NOT NULL,
    "before" TEXT NOT NULL,
    "after" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    PRIMARY KEY ("publicationId", "version", "seq"),
    CONSTRAINT "PublicationEdit_publicationId_version_fkey" FOREIGN KEY ("publicationId", "version") REFERENCES "PublicationVersion" ("publicationId", "number") ON DELETE CASCADE ON UPDATE CASCADE
);
