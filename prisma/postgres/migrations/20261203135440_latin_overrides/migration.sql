-- Latin spellings of the Kazakh title and summary given by hand (decision 057).
-- AlterTable
ALTER TABLE "Publication" ADD COLUMN     "summaryKkLatn" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "titleKkLatn" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "PublicationVersion" ADD COLUMN     "summaryKkLatn" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "titleKkLatn" TEXT NOT NULL DEFAULT '';
