import * as z from 'zod/mini';
import { preprocess } from '../core/http/schemas-mini';
import { jobId, oneKey, oneKeyFields, optionalAppid, safeJson } from './inputs';
import './job-rule-texts';

/** Request schemas of segment jobs and exports (apart from inputs.ts, so the other audience functions do not carry them). */
/**
 * Numbers inside `filters` are JSON numbers (the object arrives as JSON, even in a form): no
 * conversion from text, which also keeps the object's example in the OpenAPI document.
 */
const integer = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

/** What a segment job combines: every filter given must hold (tags: all of them). */
export const SegmentFiltersInput = z
  .object({
    tagIds: z.optional(z.array(integer(1, 2 ** 31)).check(z.minLength(1), z.maxLength(5))),
    from: z.optional(integer(0, 9_999_999_999)),
    to: z.optional(integer(0, 9_999_999_999)),
    remarkPrefix: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(30))),
    scene: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
    language: z.optional(z.string().check(z.trim(), z.regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'format.language'), z.meta({ examples: ['zh_CN'] }))),
    subscribeScene: z.optional(z.string().check(z.trim(), z.regex(/^ADD_SCENE_[A-Z_]{1,40}$/, 'format.subscribeScene'), z.meta({ examples: ['ADD_SCENE_QR_CODE'] }))),
  })
  .check(
    z.superRefine((f, ctx) => {
      if (!Object.values(f).some((v) => v !== undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'audience.noFilter' });
    }),
    z.meta({ description: 'at least one filter; every one given must hold', examples: [{ tagIds: [100], scene: 'summer2026' }] }),
  );

/** `filters` as an object, or (in a form) as a JSON string. */
export const SegmentInput = z.object({
  ...optionalAppid,
  filters: preprocess((v) => (typeof v === 'string' && v.length <= 4096 && /^\s*\{/.test(v) ? safeJson(v) : v), SegmentFiltersInput),
});

export const SegmentStatusInput = z.object({ ...optionalAppid, segmentId: jobId });

/** A segment's members, one directory question, or (nothing given) everyone. */
export const ExportInput = z.object({ ...optionalAppid, ...oneKeyFields, segmentId: z.optional(jobId) }).check(oneKey);

export const ExportStatusInput = z.object({ ...optionalAppid, exportId: jobId });
