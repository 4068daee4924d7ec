// zod/mini, as the materials area: the article editor's functions already carry the HTML sanitizer.
import * as z from 'zod/mini';
import { appid, flag, maxUtf8Bytes, preprocess } from '../core/http/schemas-mini';
import type { FileField } from '../core/contract';
import './rule-texts';

/**
 * Request schemas of the content area (drafts, 发表, 群发). WeChat's limits are checked here, before
 * WeChat is called (draft/add: developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html):
 * title ≤ 32 characters, author ≤ 16, digest ≤ 128 and only for a single-article draft, content
 * under 20,000 characters and under 1 MB, the original-article link ≤ 1 KB, up to 8 articles.
 */
const optionalAppid = { appid: z.optional(appid) };

/** WeChat counts characters (an emoji is one), not UTF-16 units as zod's maxLength does. */
/** At most `max` characters as WeChat counts them (code points); the issue carries the limit and what was given. */
const chars = (max: number) =>
  z.superRefine((s: string, ctx) => {
    const given = [...s].length;
    if (given > max) ctx.issues.push({ code: 'custom', message: 'maxLength', params: { limit: max, given }, input: s });
  });

export const maxArticles = 8;

/** A whole number from JSON or a form field; nothing else is coerced (an empty list or null is not 0). */
const wholeNumber = (min: number, max: number) =>
  preprocess((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : v), z.number().check(z.int(), z.gte(min), z.lte(max)));
export const contentMaxChars = 20_000;
export const contentMaxBytes = 1024 * 1024;

const mediaId = z.string().check(z.trim(), z.minLength(1), z.maxLength(128), z.regex(/^[\w-]+$/, 'format.mediaId'), z.meta({ examples: ['5A2zq0yXp_QGo9JRedKO2WryodIHflEKPgc2giBFPXn8'] }));

export const ArticleInput = z.object({
  title: z.string().check(z.trim(), z.minLength(1), chars(32)),
  author: z._default(z.string().check(z.trim(), chars(16)), ''),
  digest: z._default(z.string().check(z.trim(), chars(128)), ''),
  content: z.string().check(
    z.minLength(1),
    z.refine<string>((s) => [...s].length < contentMaxChars, { message: 'maxLengthBelow', params: { limit: contentMaxChars } }),
    z.refine<string>((s) => Buffer.byteLength(s, 'utf8') < contentMaxBytes, { message: 'file.tooLarge', params: { limit: contentMaxBytes } }),
  ),
  contentSourceUrl: z._default(
    z.string().check(
      z.trim(),
      maxUtf8Bytes(1024),
      z.refine<string>((s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s), 'httpUrl'),
    ),
    '',
  ),
  thumbMediaId: mediaId,
  needOpenComment: z._default(flag, false),
  onlyFansCanComment: z._default(flag, false),
});

export type ArticleInputValue = z.output<typeof ArticleInput>;

/** A JSON list sent inside a form field is read as the list (SPEC §3). */
const jsonText = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

export const Articles = preprocess(
  jsonText,
  z.array(ArticleInput).check(
    z.minLength(1),
    z.maxLength(maxArticles, `at most ${maxArticles} articles in one draft (WeChat's limit)`),
    z.superRefine((articles, ctx) => {
      if (articles.length < 2) return;
      articles.forEach((article, index) => {
        if (article.digest) ctx.issues.push({ code: 'custom', message: 'content.digestSingleOnly', path: [index, 'digest'], input: article.digest });
      });
    }),
  ),
);

export const AddDraftInput = z.object({ ...optionalAppid, articles: Articles });

export const UpdateDraftInput = z.object({
  ...optionalAppid,
  mediaId,
  /** The article's position in the draft, from 0. */
  index: wholeNumber(0, maxArticles - 1),
  article: preprocess(jsonText, ArticleInput),
});

export const DraftIdInput = z.object({ ...optionalAppid, mediaId });

export const ListDraftsInput = z.object({
  ...optionalAppid,
  limit: z._default(wholeNumber(1, 50), 20),
  cursor: z.optional(z.string().check(z.maxLength(512))),
});

export const UploadArticleImageInput = z.object(optionalAppid);

export const articleImageFile = {
  name: 'file',
  required: true,
  description: 'a picture for an article body: png or jpeg under 1 MB (WeChat\'s media/uploadimg); checked by content',
} as const satisfies FileField;

/** ISO 8601 with a zone (the console enters Asia/Shanghai and sends +08:00). */
const sendAt = z.optional(
  z.string().check(z.refine<string>((s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)), 'format.sendAt')),
);

/** The client's own key of one send: the same key within 24 hours is the same send (a retried request never sends twice). */
const requestId = z.optional(z.string().check(z.trim(), z.minLength(8), z.maxLength(64), z.regex(/^[\w-]+$/, "letters, digits, '_' and '-' only"), z.meta({ examples: ['console-7f3a9c2e'] })));

export const PublishInput = z.object({ ...optionalAppid, mediaId, sendAt, requestId });

const massMessage = {
  mediaId: z.optional(mediaId),
  text: z.optional(z.string().check(z.trim(), z.minLength(1), chars(600))),
  image: z.optional(mediaId),
  voice: z.optional(mediaId),
  video: z.optional(mediaId),
};

const oneMessage = (input: { mediaId?: string; text?: string; image?: string; voice?: string; video?: string }) =>
  [input.mediaId, input.text, input.image, input.voice, input.video].filter((v) => v !== undefined).length === 1;

export const MassSendInput = z
  .object({
    ...optionalAppid,
    ...massMessage,
    tagId: z.optional(wholeNumber(0, 2_147_483_647)),
    toAll: z._default(flag, false),
    sendAt,
    requestId,
  })
  .check(
    z.refine(oneMessage, { message: 'content.oneMessage', path: ['mediaId'] }),
    z.refine((input) => input.toAll !== (input.tagId !== undefined), { message: 'content.tagOrAll', path: ['tagId'] }),
    z.meta({ examples: [{ text: '周末八折', toAll: true }] }),
  );

export const PreviewMassInput = z
  .object({ ...optionalAppid, ...massMessage, openid: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) })
  .check(
    z.refine(oneMessage, { message: 'content.oneMessage', path: ['mediaId'] }),
    z.meta({ examples: [{ openid: 'oV5CrjpxgaGXNHIQigzNlgLTnwic', text: '预览' }] }),
  );

const sendId = z.string().check(z.trim(), z.regex(/^[0-9a-z]{20,40}$/, 'not a sendId this platform gave'), z.meta({ examples: ['000miuq3k0a1b2c3d4e5f6a7b8'] }));
export const CancelSendInput = z.object({ ...optionalAppid, sendId });
/** Approvals (issue 28, src/content/approvals.ts). */
export const PendingApprovalsInput = z.object({});
export const ApproveSendInput = z.object({ ...optionalAppid, sendId });
export const RejectSendInput = z.object({ ...optionalAppid, sendId, reason: z.optional(z.string().check(z.trim(), z.maxLength(200))) });

export const ListSendsInput = z.object({
  ...optionalAppid,
  limit: z._default(wholeNumber(1, 50), 20),
  cursor: z.optional(z.string().check(z.maxLength(512))),
});
