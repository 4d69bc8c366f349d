-- Full-text search over publications in both languages (hand-written: Prisma has no FTS model).
-- The 'simple' configuration: PostgreSQL has no Kazakh stemmer, and both languages are searched
-- alike, with prefix queries standing in for stemming (app/models/search.server.ts).
ALTER TABLE "Publication" ADD COLUMN "searchKk" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce("titleKk", '')), 'A') ||
    setweight(to_tsvector('simple', coalesce("summaryKk", '')), 'B') ||
    setweight(to_tsvector('simple', coalesce("bodyKk", '')), 'C')
) STORED;

ALTER TABLE "Publication" ADD COLUMN "searchRu" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce("titleRu", '')), 'A') ||
    setweight(to_tsvector('simple', coalesce("summaryRu", '')), 'B') ||
    setweight(to_tsvector('simple', coalesce("bodyRu", '')), 'C')
) STORED;

CREATE INDEX "Publication_searchKk_idx" ON "Publication" USING GIN ("searchKk");
CREATE INDEX "Publication_searchRu_idx" ON "Publication" USING GIN ("searchRu");
