import * as z from 'zod/mini';
import { appid, preprocess } from '../core/http/schemas-mini';
import './rule-texts';

/** Request schemas of the audience area (the follower directory and its sync). */
export const optionalAppid = { appid: z.optional(appid) };

export const wholeNumber = (min: number, max: number) =>
  preprocess((v) => (typeof v === 'string' && /^\d{1,12}$/.test(v.trim()) ? Number(v) : v), z.number().check(z.int(), z.gte(min), z.lte(max)));

const openid = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[\w-]{16,64}$/, 'format.openid'), z.meta({ examples: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0'] }));

export const AppidInput = z.object({ ...optionalAppid });

/** Ids this platform gave to a segment job or an export (randomUUID). */
export const jobId = z.string().check(z.trim(), z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'format.jobId'), z.meta({ examples: ['3f0c1a52-8d0e-4c55-9a51-2b8f3c7a9e10'] }));

/** The directory's one-key questions (a tag, a subscribe-time range in epoch seconds, a remark prefix, a QR scene). */
export const oneKeyFields = {
  tagId: z.optional(wholeNumber(1, 2 ** 31)),
  from: z.optional(wholeNumber(0, 9_999_999_999)),
  to: z.optional(wholeNumber(0, 9_999_999_999)),
  remarkPrefix: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(30))),
  scene: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
};

/** Two keys at once are refused with the second one named: combinations are a segment job's work. */
export const oneKey = z.superRefine((input: { tagId?: unknown; from?: unknown; to?: unknown; remarkPrefix?: unknown; scene?: unknown; segmentId?: unknown }, ctx) => {
  const keys = (['segmentId', 'tagId', 'remarkPrefix', 'scene'] as const).filter((k) => input[k] !== undefined) as string[];
  if (input.from !== undefined || input.to !== undefined) keys.push('from');
  if (keys.length > 1) {
    ctx.addIssue({ code: 'custom', path: [keys[1]!], message: 'audience.oneFilter', params: { given: keys.join(', ') } });
  }
});

/**
 * One key per question, so each is answered by a key query (never a scan): a tag, a subscribe-time
 * range (epoch seconds), a remark prefix or a QR scene; none lists everyone, newest first; or a
 * finished segment's members (`segmentId`). Two at once is refused with the field named.
 */
export const FollowersInput = z
  .object({
    ...optionalAppid,
    ...oneKeyFields,
    segmentId: z.optional(jobId),
    limit: z._default(wholeNumber(1, 100), 20),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  })
  .check(oneKey);

export const FollowerInput = z.object({ ...optionalAppid, openid });

export const safeJson = (text: string): unknown => {
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

