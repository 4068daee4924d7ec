import * as z from 'zod/mini';
import { appid, preprocess } from '../core/http/schemas-mini';
import './rule-texts';

/** Request schemas of the audience area (the follower directory and its sync). */
const optionalAppid = { appid: z.optional(appid) };

const wholeNumber = (min: number, max: number) =>
  preprocess((v) => (typeof v === 'string' && /^\d{1,12}$/.test(v.trim()) ? Number(v) : v), z.number().check(z.int(), z.gte(min), z.lte(max)));

const openid = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[\w-]{16,64}$/, 'format.openid'), z.meta({ examples: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0'] }));

export const AppidInput = z.object({ ...optionalAppid });

/**
 * One key per question, so each is answered by a key query (never a scan): a tag, a subscribe-time
 * range (epoch seconds), a remark prefix or a QR scene; none lists everyone, newest first. Two at
 * once is refused with the field named (combinations are a segment job's work).
 */
export const FollowersInput = z
  .object({
    ...optionalAppid,
    tagId: z.optional(wholeNumber(1, 2 ** 31)),
    from: z.optional(wholeNumber(0, 9_999_999_999)),
    to: z.optional(wholeNumber(0, 9_999_999_999)),
    remarkPrefix: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(30))),
    scene: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
    limit: z._default(wholeNumber(1, 100), 20),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  })
  .check(
    z.superRefine((input, ctx) => {
      const keys = (['tagId', 'remarkPrefix', 'scene'] as const).filter((k) => input[k] !== undefined);
      if (input.from !== undefined || input.to !== undefined) keys.push('from' as never);
      if (keys.length > 1) {
        ctx.addIssue({ code: 'custom', path: [keys[1]!], message: 'audience.oneFilter', params: { given: keys.join(', ') } });
      }
    }),
  );

export const FollowerInput = z.object({ ...optionalAppid, openid });

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** A list from JSON, or from a form as a JSON list (a bare string is not taken for a list of one). */
const openids = (max: number) =>
  preprocess(
    (v) => (typeof v === 'string' && v.length <= max * 66 && /^\s*\[/.test(v) ? safeJson(v) : v),
    z.array(openid).check(z.minLength(1), z.maxLength(max)),
  );
const flag = preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());

/** Tag ids 0–2 are WeChat's own (none, the old blacklist, starred): 0 and 1 are not tags one can put on. */
export const BatchTagInput = z.object({ ...optionalAppid, openids: openids(500), tagId: wholeNumber(2, 2 ** 31), untag: z.optional(flag) });

export const OpenidsInput = z.object({ ...optionalAppid, openids: openids(200) });

export const BlacklistInput = z.object({ ...optionalAppid, next: z.optional(openid) });
