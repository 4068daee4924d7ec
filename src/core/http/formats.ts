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
