/**
 * How keywords are compared, without zod: the callback's matcher needs this and nothing of the
 * rules' request schemas (./reply-schema.ts), so its bundle carries no classic zod.
 */

/** How keywords are compared: trimmed, Unicode-normalized (full-width → half-width), case-folded. */
export const normalizeKeyword = (keyword: string): string =>
  // Printable ASCII is its own NFKC form: skip the Unicode pass for the common case.
  (/^[\x20-\x7e]*$/.test(keyword) ? keyword : keyword.normalize('NFKC')).trim().toLowerCase();

/** Keywords are compared (and stored as keys) in normalized form, so that form is what is limited. */
export const maxKeywordLength = 128;
