import * as z from 'zod';

/** Building blocks shared by request schemas. */

export const username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, "_", "." and "-" only');

export const password = z.string().min(8).max(128);

export const email = z.string().trim().max(254).pipe(z.email('not a valid e-mail address'));

/** A bearer-style secret from a link (verification token). */
export const linkToken = z.string().min(16).max(128);

/** An official account's appid: "wx" and 16 characters (hex at WeChat; the simulator is laxer). */
export const appid = z.string().regex(/^wx[0-9A-Za-z]{16}$/, 'an appid looks like wx followed by 16 letters or digits');
