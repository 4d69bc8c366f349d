// What a publication does once it is out, which decides the words for its statuses and actions:
// a petition collects signatures, an endorsable statement collects endorsements, a report (or a
// plain statement) is only published. Shared by server and browser.
export const publicationModes = ["signatures", "endorsements", "published"] as const;
export type PublicationMode = (typeof publicationModes)[number];

export function publicationMode(publication: { kind: string; endorsable?: boolean | null }): PublicationMode {
  if (publication.kind === "petition") return "signatures";
  if (publication.kind === "statement" && publication.endorsable === true) return "endorsements";
  return "published";
}
