import * as z from 'zod';
import { appidFormat, epochSecondsFormat, sha1HexFormat, type FieldFormat } from './formats';

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

const formatted = (format: FieldFormat) =>
  z.string().regex(format.pattern, format.message).meta({ examples: [...format.examples] });

/** An official account's appid (./formats.ts). */
export const appid = formatted(appidFormat);

/** WeChat's push parameters: seconds since the epoch as text, and sha1 hex digests. */
export const epochSecondsText = formatted(epochSecondsFormat);

export const sha1Hex = formatted(sha1HexFormat);
