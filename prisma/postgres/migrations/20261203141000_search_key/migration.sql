-- The two-script search key (decisions 055 and 057), computed once when a text is written instead
-- of for every publication on every search. Hand-written: Prisma has no generated columns. The
-- expression is the one app/models/search.server.ts used per query: texts lower-cased, Cyrillic
-- capitals and the letters typists confuse merged (CYRILLIC_FOLD in app/lib/kazakh-latin.ts), and
-- what may stand before a word made a space. A change to CYRILLIC_FOLD needs a migration that
-- redefines this column (test/integration/search-feeds.test.ts compares it with searchFold()).
-- Adding a stored generated column computes it for every existing row.
ALTER TABLE "Publication" ADD COLUMN "searchKey" text GENERATED ALWAYS AS (
  translate(
      lower(' ' || "titleKk" || ' ' || "summaryKk" || ' ' || "bodyKk" || ' ' || "titleRu" || ' ' || "summaryRu" || ' ' || "bodyRu"),
      'АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЫІЭЮЯәғқңөұүһіыйёэ' || chr(10) || chr(9) || '«»"„“()[]*#>-—/:ЪЬъь',
      'аабвггдеежзиикклмнноопрстуууфххцчшщииеюяагкноуухиииее                  '
    )
) STORED;
