import * as z from 'zod';

/** Building blocks shared by request schemas. */

export const username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, "_", "." and "-" only')
  .meta({ examples: ['wang_xiaoming'] });

export const password = z.string().min(8).max(128);

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('not a valid e-mail address'))
  .meta({ examples: ['owner@example.com'] });

/** A bearer-style secret from a link (verification token). */
export const linkToken = z.string().min(16).max(128);

/** An official account's appid: "wx" and 16 characters (hex at WeChat; the simulator is laxer). */
export const appid = z
  .string()
  .regex(/^wx[0-9A-Za-z]{16}$/, 'an appid looks like wx followed by 16 letters or digits')
  .meta({ examples: ['wx0123456789abcdef'] });

/** WeChat's push parameters: seconds since the epoch as text, and sha1 hex digests. */
export const epochSecondsText = z
  .string()
  .regex(/^\d{1,12}$/, 'seconds since the epoch')
  .meta({ examples: ['1700000000'] });

export const sha1Hex = z
  .string()
  .regex(/^[0-9a-f]{40}$/i, 'a sha1 hex digest')
  .meta({ examples: ['da39a3ee5e6b4b0d3255bfef95601890afd80709'] });
