import * as z from 'zod';
import { appidFormat, epochSecondsFormat, sha1HexFormat, type FieldFormat } from './formats';

/** Building blocks shared by request schemas. */

// username, password, email and linkToken live in src/users/inputs.ts (zod/mini; only user.* use them).

const formatted = (format: FieldFormat) =>
  z.string().regex(format.pattern, format.message).meta({ examples: [...format.examples] });

/** An official account's appid (./formats.ts). */
export const appid = formatted(appidFormat);

/** WeChat's push parameters: seconds since the epoch as text, and sha1 hex digests. */
export const epochSecondsText = formatted(epochSecondsFormat);

export const sha1Hex = formatted(sha1HexFormat);
