-- AlterTable
ALTER TABLE "Publication" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "PublicationEdit" (
    "publicationId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "fields" TEXT NOT NULL,
    "before" TEXT NOT NULL,
    "after" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "PublicationEdit_pkey" PRIMARY KEY ("publicationId","version","seq")
);

-- AddForeignKey
ALTER TABLE "PublicationEdit" ADD CONSTRAINT "PublicationEdit_publicationId_version_fkey" FOREIGN KEY ("publicationId", "version") REFERENCES "PublicationVersion"("publicationId", "number") ON DELETE CASCADE ON UPDATE CASCADE;
