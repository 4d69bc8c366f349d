// Choices of the citizen-petition forms and the moderation standards. Shared by server and
// browser (a page's component must not take values from a .server module).

/** Who can act on a petition: state bodies of Kazakhstan, or another addressee the creator names. */
export const addressees = [
  "president",
  "government",
  "mazhilis",
  "senate",
  "ministry",
  "akimat",
  "maslikhat",
  "prosecutor",
  "other",
] as const;

export const petitionLanguages = ["both", "kk", "ru"] as const;

/**
 * The published standards (/{lang}/standards): every rejection names one. Where the petition
 * itself would do the harm the standard is about, its title and text stay hidden on the public
 * list of rejected petitions; the reason and the date are always public.
 */
export const rejectionReasons = [
  "duplicate",
  "not-actionable",
  "defamatory",
  "personal-data",
  "hate",
  "advertising",
  "nonsense",
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];
export const hidesText: ReadonlySet<RejectionReason> = new Set(["defamatory", "personal-data", "hate"]);
