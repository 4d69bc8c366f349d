-- Latin spellings of the Kazakh title and summary given by hand (decision 057).
-- ADD COLUMN, not a table redefinition: redefining "Publication" would drop its search triggers.
ALTER TABLE "Publication" ADD COLUMN "titleKkLatn" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Publication" ADD COLUMN "summaryKkLatn" TEXT NOT NULL DEFAULT '';
ALTER TABLE "PublicationVersion" ADD COLUMN "titleKkLatn" TEXT NOT NULL DEFAULT '';
ALTER TABLE "PublicationVersion" ADD COLUMN "summaryKkLatn" TEXT NOT NULL DEFAULT '';
