-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "deactivatedAt" DATETIME;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "deactivatedAt" DATETIME;
