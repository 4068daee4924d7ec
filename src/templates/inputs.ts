import * as z from 'zod/mini';
import { jobId } from '../audience/inputs';
import { appid, preprocess } from '../core/http/schemas-mini';
import './rule-texts';

/** Request schemas of the template messages area. */
const optionalAppid = { appid: z.optional(appid) };

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
/** An object or list from JSON, or from a form field holding JSON. */
const jsonField = <T extends z.ZodMiniType>(schema: T) => preprocess((v) => (typeof v === 'string' && /^\s*[[{]/.test(v) ? safeJson(v) : v), schema);

const wholeNumber = (min: number, max: number) =>
  preprocess((v) => (typeof v === 'string' && /^\d{1,12}$/.test(v.trim()) ? Number(v) : v), z.number().check(z.int(), z.gte(min), z.lte(max)));

const openid = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[\w-]{16,64}$/, 'format.openid'), z.meta({ examples: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0'] }));
const templateId = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/, 'format.templateId'), z.meta({ examples: ['Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk'] }));

export const AppidInput = z.object({ ...optionalAppid });

/** A category template by its number in the library ("47123"; older ones "TM…", "OPENTM…") and its keywords' names, in order. */
export const AddInput = z.object({
  ...optionalAppid,
  templateIdShort: z.string().check(z.trim(), z.minLength(1), z.maxLength(32), z.regex(/^[A-Za-z0-9_]+$/, 'format.templateIdShort'), z.meta({ examples: ['47123'] })),
  keywordNames: jsonField(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(20))).check(z.minLength(1), z.maxLength(10))),
});

export const DeleteInput = z.object({ ...optionalAppid, templateId });

/**
 * `data` in WeChat's shape, `{thing1: {value: '…'}}`. Keys and `color` are taken here so that the
 * keyword check (src/templates/keyword-values.ts, against the template's content) can refuse a
 * `first`, a `remark` or a colour by its field, with the rule of 2023-05-04.
 */
const keywordValue = z.object({ value: z.string().check(z.maxLength(200)), color: z.optional(z.string().check(z.maxLength(16))) });
const data = jsonField(
  z.record(z.string().check(z.minLength(1), z.maxLength(32), z.regex(/^[a-z_]+\d*$/, 'format.keyword')), keywordValue).check(
    z.refine((d) => Object.keys(d).length >= 1 && Object.keys(d).length <= 20, { message: 'template.valueRequired' }),
  ),
);

const miniprogram = jsonField(
  z.object({
    appid: z.string().check(z.trim(), z.regex(/^wx[0-9A-Za-z]{16}$/, 'format.miniAppid')),
    pagepath: z.optional(z.string().check(z.trim(), z.maxLength(256))),
  }),
);

/** One target: a follower (sent at once), a tag or a finished segment (fanned out by the queue). */
export const SendInput = z
  .object({
    ...optionalAppid,
    templateId,
    openid: z.optional(openid),
    tagId: z.optional(wholeNumber(2, 2 ** 31)),
    segmentId: z.optional(jobId),
    data,
    url: z.optional(z.string().check(z.trim(), z.maxLength(1024), z.refine<string>((s) => /^https?:\/\/[^\s]+$/i.test(s), 'httpUrl'))),
    miniprogram: z.optional(miniprogram),
  })
  .check(
    z.superRefine((input, ctx) => {
      const given = (['openid', 'tagId', 'segmentId'] as const).filter((k) => input[k] !== undefined);
      if (given.length !== 1) ctx.addIssue({ code: 'custom', path: [given.length ? 'tagId' : 'openid'], message: 'template.oneTarget', params: { given: given.join(', ') } });
    }),
  );

export const ListSendsInput = z.object({
  ...optionalAppid,
  limit: z._default(wholeNumber(1, 50), 20),
  cursor: z.optional(z.string().check(z.maxLength(64), z.regex(/^[0-9a-z]+$/, 'format.cursor'))),
});
