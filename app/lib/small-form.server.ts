// Reading the small forms that pages post (urlencoded or multipart): a size limit, the first value of
// each text field, and a 400 or 413 (never a 500) for a body that is too big or cannot be read. Used by
// every action that takes a form and by the plain POST paths in front of Remix.
import { json } from "@remix-run/node";

export const MAX_FORM_BYTES = 16 * 1024;

// The unread rest of the body would block the keep-alive connection: close it.
const tooLarge = () => json({ error: "payload-too-large" }, { status: 413, headers: { Connection: "close" } });

/** Reads a small urlencoded or multipart form; oversize or unreadable bodies are a 4xx, not a 500. */
export async function readSmallForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<Record<string, string>> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > maxBytes) throw tooLarge();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw json({ error: "bad-form" }, { status: 400 });
  }
  return formFields(form, maxBytes);
}

/** A form's text fields, the first value of each name; files are skipped. */
export function formFields(
  entries: Iterable<[string, FormDataEntryValue]>,
  maxBytes = MAX_FORM_BYTES,
): Record<string, string> {
  // No prototype: a field named "toString" or "__proto__" is a field like any other, and a
  // missing one reads as undefined, never as something inherited.
  const values: Record<string, string> = Object.create(null);
  let total = 0;
  for (const [key, value] of entries) {
    if (typeof value !== "string") continue;
    // NUL is never part of a name, address or code, and PostgreSQL cannot store it.
    if (value.includes("\u0000") || key.includes("\u0000")) throw json({ error: "bad-form" }, { status: 400 });
    total += key.length + value.length;
    if (total > maxBytes) throw tooLarge();
    values[key] ??= value;
  }
  return values;
}
