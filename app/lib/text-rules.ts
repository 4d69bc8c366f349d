// The one rule for text people type into any form (publications, updates, organizations,
// signatures, paper batches, moderation notes): no control characters. They are invisible, a
// title with one made the Atom feeds, badges and share images unreadable (XML 1.0 does not
// allow them, not even escaped), and PostgreSQL cannot store NUL. Tab and line breaks stay
// allowed: multi-line texts need them and single-line fields already fold them into spaces.
// Output escapes them too (escapeXml in app/lib/html.ts), for texts stored before this rule.

/** The i18n key every form uses for this refusal (under "errors." of its namespace). */
export const CONTROL_CHARACTERS = "controlCharacters";

// C0 controls except TAB, LF, CR; DEL and the C1 controls; the noncharacters U+FFFE and U+FFFF.
const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/;
// Half of a surrogate pair without its other half: not a character at all.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasControlCharacters(value: string) {
  return control.test(value) || loneSurrogate.test(value);
}

/** For zod: `.refine(withoutControlCharacters, CONTROL_CHARACTERS)`. */
export const withoutControlCharacters = (value: string) => !hasControlCharacters(value);
