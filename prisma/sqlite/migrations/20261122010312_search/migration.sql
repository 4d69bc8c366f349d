-- Full-text search over publications in both languages (hand-written: Prisma has no FTS model).
-- One FTS5 row per publication and language, kept in step with "Publication" by triggers.
CREATE VIRTUAL TABLE "PublicationSearch" USING fts5(
    "publicationId" UNINDEXED,
    "lang" UNINDEXED,
    "title",
    "summary",
    "body",
    tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO "PublicationSearch" ("publicationId", "lang", "title", "summary", "body")
SELECT "id", 'kk', "titleKk", "summaryKk", "bodyKk" FROM "Publication"
UNION ALL
SELECT "id", 'ru', "titleRu", "summaryRu", "bodyRu" FROM "Publication";

CREATE TRIGGER "Publication_search_insert" AFTER INSERT ON "Publication" BEGIN
    INSERT INTO "PublicationSearch" ("publicationId", "lang", "title", "summary", "body") VALUES (NEW."id", 'kk', NEW."titleKk", NEW."summaryKk", NEW."bodyKk");
    INSERT INTO "PublicationSearch" ("publicationId", "lang", "title", "summary", "body") VALUES (NEW."id", 'ru', NEW."titleRu", NEW."summaryRu", NEW."bodyRu");
END;

CREATE TRIGGER "Publication_search_update" AFTER UPDATE OF "titleKk", "summaryKk", "bodyKk", "titleRu", "summaryRu", "bodyRu" ON "Publication" BEGIN
    DELETE FROM "PublicationSearch" WHERE "publicationId" = OLD."id";
    INSERT INTO "PublicationSearch" ("publicationId", "lang", "title", "summary", "body") VALUES (NEW."id", 'kk', NEW."titleKk", NEW."summaryKk", NEW."bodyKk");
    INSERT INTO "PublicationSearch" ("publicationId", "lang", "title", "summary", "body") VALUES (NEW."id", 'ru', NEW."titleRu", NEW."summaryRu", NEW."bodyRu");
END;

CREATE TRIGGER "Publication_search_delete" AFTER DELETE ON "Publication" BEGIN
    DELETE FROM "PublicationSearch" WHERE "publicationId" = OLD."id";
END;
