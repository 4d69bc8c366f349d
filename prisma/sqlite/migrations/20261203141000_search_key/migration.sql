-- The two-script search key (decisions 055 and 057), computed once when a text is written instead
-- of for every publication on every search. Hand-written, as the full-text table of migration
-- *_search: one row per publication in "PublicationSearchKey", kept in step by triggers (a table
-- apart, so that a migration redefining "Publication" cannot drop the keys with it). The
-- expression is the one app/models/search.server.ts used per query: texts lower-cased (SQLite's
-- lower() knows only ASCII, so Cyrillic capitals are replaced one by one), the letters typists
-- confuse merged (CYRILLIC_FOLD in app/lib/kazakh-latin.ts), and what may stand before a word made
-- a space. A change to CYRILLIC_FOLD needs a migration that redefines the view and refills the
-- table (test/integration/search-feeds.test.ts compares the stored keys with searchFold()).
CREATE VIEW "PublicationSearchKeyOf" AS SELECT "id" AS "publicationId",
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(lower(' ' || "titleKk" || ' ' || "summaryKk" || ' ' || "bodyKk" || ' ' || "titleRu" || ' ' || "summaryRu" || ' ' || "bodyRu")
      , 'А', 'а')
      , 'Ә', 'а')
      , 'Б', 'б')
      , 'В', 'в')
      , 'Г', 'г')
      , 'Ғ', 'г')
      , 'Д', 'д')
      , 'Е', 'е')
      , 'Ё', 'е')
      , 'Ж', 'ж')
      , 'З', 'з')
      , 'И', 'и')
      , 'Й', 'и')
      , 'К', 'к')
      , 'Қ', 'к')
      , 'Л', 'л')
      , 'М', 'м')
      , 'Н', 'н')
      , 'Ң', 'н')
      , 'О', 'о')
      , 'Ө', 'о')
      , 'П', 'п')
      , 'Р', 'р')
      , 'С', 'с')
      , 'Т', 'т')
      , 'У', 'у')
      , 'Ұ', 'у')
      , 'Ү', 'у')
      , 'Ф', 'ф')
      , 'Х', 'х')
      , 'Һ', 'х')
      , 'Ц', 'ц')
      , 'Ч', 'ч')
      , 'Ш', 'ш')
      , 'Щ', 'щ')
      , 'Ъ', '')
      , 'Ы', 'и')
      , 'І', 'и')
      , 'Ь', '')
      , 'Э', 'е')
      , 'Ю', 'ю')
      , 'Я', 'я')
      , 'ә', 'а')
      , 'ғ', 'г')
      , 'қ', 'к')
      , 'ң', 'н')
      , 'ө', 'о')
      , 'ұ', 'у')
      , 'ү', 'у')
      , 'һ', 'х')
      , 'і', 'и')
      , 'ы', 'и')
      , 'й', 'и')
      , 'ё', 'е')
      , 'э', 'е')
      , 'ъ', '')
      , 'ь', '')
      , char(10), ' ')
      , char(9), ' ')
      , '«', ' ')
      , '»', ' ')
      , '"', ' ')
      , '„', ' ')
      , '“', ' ')
      , '(', ' ')
      , ')', ' ')
      , '[', ' ')
      , ']', ' ')
      , '*', ' ')
      , '#', ' ')
      , '>', ' ')
      , '-', ' ')
      , '—', ' ')
      , '/', ' ')
      , ':', ' ')
  AS "key"
FROM "Publication";

CREATE TABLE "PublicationSearchKey" (
    "publicationId" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL
);

INSERT INTO "PublicationSearchKey" ("publicationId", "key") SELECT "publicationId", "key" FROM "PublicationSearchKeyOf";

CREATE TRIGGER "Publication_search_key_insert" AFTER INSERT ON "Publication" BEGIN
    INSERT OR REPLACE INTO "PublicationSearchKey" ("publicationId", "key")
    SELECT "publicationId", "key" FROM "PublicationSearchKeyOf" WHERE "publicationId" = NEW."id";
END;

CREATE TRIGGER "Publication_search_key_update" AFTER UPDATE OF "titleKk", "summaryKk", "bodyKk", "titleRu", "summaryRu", "bodyRu" ON "Publication" BEGIN
    INSERT OR REPLACE INTO "PublicationSearchKey" ("publicationId", "key")
    SELECT "publicationId", "key" FROM "PublicationSearchKeyOf" WHERE "publicationId" = NEW."id";
END;

CREATE TRIGGER "Publication_search_key_delete" AFTER DELETE ON "Publication" BEGIN
    DELETE FROM "PublicationSearchKey" WHERE "publicationId" = OLD."id";
END;
