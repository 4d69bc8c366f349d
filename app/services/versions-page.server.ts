// The public history of a publication's text, ready to show: each version as published, what
// changed from the version before, and each minor edit as a word diff of every field it touched
// (both languages), with the whole text after it.
import type { Locale } from "~/i18n.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { shownDiff, wordDiff, type ShownPart } from "~/lib/word-diff.ts";
import {
  textFieldNames,
  textHistory,
  versionAnchor,
  type TextFieldName,
  type Texts,
} from "~/models/text-versions.server.ts";

type FieldDiff = { field: TextFieldName; lang: Locale; parts: ShownPart[] };

const languageOf = (field: TextFieldName): Locale => (field.endsWith("Kk") ? "kk" : "ru");

/** Word diffs of the fields that differ between two texts. */
function fieldDiffs(before: Partial<Texts>, after: Partial<Texts>, fields: readonly TextFieldName[] = textFieldNames) {
  return fields
    .filter((field) => (before[field] ?? "") !== (after[field] ?? ""))
    .map((field): FieldDiff => ({
      field,
      lang: languageOf(field),
      parts: shownDiff(wordDiff(before[field] ?? "", after[field] ?? "", { locale: languageOf(field) })),
    }));
}

/** Newest version first. `textLocale` is the language whose full texts are shown. */
export async function versionsView(publicationId: string, textLocale: Locale, tableLabel: string) {
  const history = await textHistory(publicationId);
  const kk = textLocale === "kk";
  const readable = (text: Texts) => ({
    title: kk ? text.titleKk : text.titleRu,
    summary: kk ? text.summaryKk : text.summaryRu,
    bodyHtml: renderMarkdown(kk ? text.bodyKk : text.bodyRu, tableLabel),
  });
  return history
    .map((version, index) => ({
      number: version.number,
      anchor: versionAnchor(version.number),
      createdAt: version.createdAt.toISOString(),
      noteKk: version.noteKk,
      noteRu: version.noteRu,
      confirmed: version.confirmed,
      minorEdits: version.minorEdits,
      unrecordedEdits: version.unrecordedEdits,
      ...readable(version.published),
      changesFromPrevious: index > 0 ? fieldDiffs(history[index - 1].final, version.published) : null,
      edits: version.edits.map((edit) => ({
        seq: edit.seq,
        anchor: versionAnchor(version.number, edit.seq),
        createdAt: edit.createdAt.toISOString(),
        changes: fieldDiffs(edit.before, edit.after, edit.fields),
        after: readable(edit.text),
      })),
    }))
    .reverse();
}
