/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
