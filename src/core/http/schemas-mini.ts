// zod/mini building blocks, for the request schemas of functions whose cold start classic zod
// would dominate (README, "Cold start"). Same patterns, messages and examples as ./schemas.ts.
import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';
import { appidFormat, epochSecondsFormat, sha1HexFormat, xmlForbiddenChar, xmlForbiddenMessage, type FieldFormat } from './formats';

// The messages classic zod gives (it loads English on import; zod/mini loads no locale).
z.config(en());

const formatted = (format: FieldFormat) => z.string().check(z.regex(format.pattern, format.message), z.meta({ examples: [...format.examples] }));

/** An official account's appid (./formats.ts). */
export const appid = formatted(appidFormat);

/** WeChat's push parameters: seconds since the epoch as text, and sha1 hex digests. */
export const epochSecondsText = formatted(epochSecondsFormat);

export const sha1Hex = formatted(sha1HexFormat);

/**
 * The check of every text that reaches WeChat (reply rules, menu names, remarks, group names,
 * customer-service messages, material titles): refuses what XML 1.0 forbids, naming the field.
 */
export const xmlText = () => z.refine<string>((s) => !xmlForbiddenChar.test(s), xmlForbiddenMessage);

/** Runs `fn` on the raw input before `schema` (classic zod's `z.preprocess`, which zod/mini has not). */
export const preprocess = <T extends z.ZodMiniType>(fn: (value: unknown) => unknown, schema: T) => z.pipe(z.transform(fn), schema);

/** true/false from JSON or a form (`true`/`false`, `1`/`0`). */
export const flag = preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());

/**
 * WeChat counts many limits in UTF-8 bytes (a Chinese character takes 3). `below`: WeChat's limit
 * excludes the number itself (a remark is "under 30 bytes"). The issue carries the limit and what
 * was given, which src/core/messages/texts.ts words as bytes and about-so-many Chinese characters.
 */
export const maxUtf8Bytes = (limit: number, options: { below?: boolean } = {}) =>
  z.superRefine((value: string, ctx) => {
    const given = Buffer.byteLength(value, 'utf8');
    if (options.below ? given >= limit : given > limit) {
      ctx.issues.push({ code: 'custom', message: options.below ? 'maxBytesBelow' : 'maxBytes', params: { limit, given }, input: value });
    }
  });
