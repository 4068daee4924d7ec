import * as z from 'zod';
import { appidFormat, type FieldFormat } from './formats';

/** Building blocks shared by request schemas. */

// For the schemas still on classic zod. The zod/mini building blocks are in ./schemas-mini.ts; username,
// password, email and linkToken in src/users/inputs.ts (zod/mini; only user.* use them).

const formatted = (format: FieldFormat) =>
  z.string().regex(format.pattern, format.message).meta({ examples: [...format.examples] });

/** An official account's appid (./formats.ts). */
export const appid = formatted(appidFormat);
