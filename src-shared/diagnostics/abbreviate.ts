/**
 * Keeps user text quoted in messages short: a pasted megabyte must not become a megabyte message.
 */

/** `text` cut to at most `max` characters, with `…` marking the cut (whitespace runs collapse). */
export function abbreviate(text: string, max = 60): string {
  const clean = text.length > 4 * max ? text.slice(0, 4 * max) : text;
  const collapsed = clean.replace(/\s+/g, ' ').trim();
  if (collapsed.length <= max && clean.length === text.length) return collapsed;
  return `${collapsed.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}
