// What a publication does once it is out, which decides the words for its statuses and actions:
// a petition collects signatures, an endorsable statement collects endorsements, a report (or a
// plain statement) is only published. Shared by server and browser.
export type PublicationMode = "signatures" | "endorsements" | "published";

export function publicationMode(publication: { kind: string; endorsable?: boolean | null }): PublicationMode {
  if (publication.kind === "petition") return "signatures";
  if (publication.kind === "statement" && publication.endorsable === true) return "endorsements";
  return "published";
}

/**
 * The i18next context for the words around a signature: an endorsable statement's supporters endorse
 * it ("_statement" strings), everyone else signs a petition. Only endorsable statements are signed.
 */
export function wordingOf(publication: { kind: string }): "statement" | undefined {
  return publication.kind === "statement" ? "statement" : undefined;
}
