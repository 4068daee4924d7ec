/**
 * Formats of request fields that both zod flavours check: the classic schemas of ./schemas.ts and
 * the callback's zod/mini ones (src/callback/inputs.ts, which keeps classic zod out of the
 * callback's bundle). One pattern, one message, one example each.
 */
export interface FieldFormat {
  readonly pattern: RegExp;
  /** The rule of src/core/messages/texts.ts that words a value not in this format. */
  readonly message: string;
  readonly examples: readonly [string];
}

/** An official account's appid: "wx" and 16 characters (hex at WeChat; the simulator is laxer). */
export const appidFormat: FieldFormat = {
  pattern: /^wx[0-9A-Za-z]{16}$/,
  message: 'format.appid',
  examples: ['wx0123456789abcdef'],
};

/**
 * Characters XML 1.0 forbids (§2.2 Char): C0 controls but tab, LF and CR; U+FFFE and U+FFFF; and a
 * UTF-16 surrogate without its pair. WeChat's XML (passive replies) and its JSON APIs (which it
 * turns into XML for the follower's client) break or drop the text on them. No `u` flag: lone
 * surrogates are matched as code units.
 */
export const xmlForbiddenChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The rule of src/core/messages/texts.ts that words it: a character XML 1.0 forbids (a control character U+0000–U+001F other than tab and line breaks, U+FFFE, U+FFFF or a lone surrogate). */
export const xmlForbiddenMessage = 'xmlChars';

/** WeChat's push parameters: seconds since the epoch as text, and sha1 hex digests. */
export const epochSecondsFormat: FieldFormat = {
  pattern: /^\d{1,12}$/,
  message: 'format.epochSeconds',
  examples: ['1700000000'],
};

export const sha1HexFormat: FieldFormat = {
  pattern: /^[0-9a-f]{40}$/i,
  message: 'format.sha1',
  examples: ['da39a3ee5e6b4b0d3255bfef95601890afd80709'],
};
