-- AlterTable
ALTER TABLE "Signature" ADD COLUMN     "script" TEXT;
