// zod/mini, not classic zod: classic zod was about 90 KB of each replies.* bundle (README, "Cold
// start"). Same checks, messages and JSON Schema as before; the console's rule editor checks with
// these schemas too (any schema with safeParse).
import * as z from 'zod/mini';
import { preprocess, xmlText } from '../core/http/schemas-mini';
import { maxKeywordLength, normalizeKeyword } from './keywords';
import './rule-texts';

/**
 * Reply rules' request shapes (SPEC §4 "Reply rules"), with the seed document's typos accepted:
 * `vedio` for video, `mediald` for mediaId, `thumbMediald` for thumbMediaId. A reply may come as
 * `{type, content}` (the seed's shape) or as its content alone; it leaves here in one canonical
 * shape per type.
 */
export const replyTypes = ['text', 'image', 'voice', 'video', 'music', 'multitext'] as const;
export type ReplyType = (typeof replyTypes)[number];

const httpUrl = z
  .string()
  .check(
    z.trim(),
    z.maxLength(1024),
    z.refine((value) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value), 'must be an http(s) URL'),
  );
const mediaId = z.string().check(z.trim(), z.minLength(1), z.maxLength(128));
/** A trimmed string of at most `max` characters, '' when absent. */
const optionalText = (max: number) => z._default(z.string().check(z.trim(), z.maxLength(max), xmlText()), '');

/** Renames the seed's misspelt keys before validation. */
const aliased = (aliases: Record<string, string>) => (value: unknown) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [alias, name] of Object.entries(aliases)) {
    if (out[name] === undefined && out[alias] !== undefined) out[name] = out[alias];
    delete out[alias];
  }
  return out;
};

const media = preprocess(aliased({ mediald: 'mediaId' }), z.object({ mediaId }));

export const article = z.object({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(64), xmlText()),
  description: optionalText(512),
  picurl: httpUrl,
  url: httpUrl,
});

export const replyContent = {
  text: z.object({ content: z.string().check(z.trim(), z.minLength(1), z.maxLength(2048), xmlText()) }),
  image: media,
  voice: media,
  video: preprocess(aliased({ mediald: 'mediaId' }), z.object({ mediaId, title: optionalText(64), description: optionalText(512) })),
  music: preprocess(
    aliased({ thumbMediald: 'thumbMediaId' }),
    z.object({
      title: z.string().check(z.trim(), z.minLength(1), z.maxLength(64), xmlText()),
      description: optionalText(512),
      musicUrl: httpUrl,
      hqMusicUrl: z.optional(httpUrl),
      thumbMediaId: mediaId,
    }),
  ),
  multitext: z.object({ articles: z.array(article).check(z.minLength(1), z.maxLength(8)) }),
} as const;

export type ReplyContent = { [T in ReplyType]: z.infer<(typeof replyContent)[T]> };
export type Reply = { [T in ReplyType]: { type: T; content: ReplyContent[T] } }[ReplyType];

export const normalizeType = (type: string): string => (type === 'vedio' ? 'video' : type);

/**
 * The reply's content as its type's schema reads it: unwraps `{type, content}`, and the seed's
 * flat shapes (music fields at the top; a news article or a list of up to 8).
 */
export const contentInput = (type: ReplyType, reply: unknown): unknown => {
  let value = reply;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'content' in value) {
    const wrapped = value as { type?: unknown; content: unknown };
    value = type === 'text' ? { content: wrapped.content } : wrapped.content;
  } else if (type === 'text' && typeof value === 'string') {
    value = { content: value };
  }
  if (type === 'multitext' && (Array.isArray(value) || (typeof value === 'object' && value !== null && !('articles' in value)))) {
    value = { articles: Array.isArray(value) ? value : [value] };
  }
  return value;
};

/** The type a wrapped reply names, if it names one. */
export const declaredType = (reply: unknown): string | undefined =>
  typeof reply === 'object' && reply !== null && 'type' in reply && typeof (reply as { type: unknown }).type === 'string'
    ? normalizeType((reply as { type: string }).type)
    : undefined;

/** `reply` may arrive as an object (JSON body) or a JSON string (form field). */
export const replyField = preprocess((value) => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return value;
  try {
    return JSON.parse(text);
  } catch {
    return value;
  }
}, z.unknown());

/** Reserved keywords: `@subscribe` answers a new follower, `@default` answers what nothing else matched. */
export const reservedKeywords = ['@subscribe', '@default'] as const;

export { maxKeywordLength, normalizeKeyword } from './keywords';

export const keyword = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(maxKeywordLength),
  z.refine((k) => !k.startsWith('@') || /^@(subscribe|default)(:[\w-]{1,64})?$/.test(k), 'only @subscribe, @subscribe:<scene> and @default may start with @'),
  // NFKC can lengthen a keyword (U+337F "㍿" becomes "株式会社": 1 character, 12 bytes).
  z.refine((k) => {
    const normalized = normalizeKeyword(k);
    return normalized.length >= 1 && normalized.length <= maxKeywordLength;
  }, `must be 1 to ${maxKeywordLength} characters once normalized (NFKC, trimmed, lower case)`),
);

export const matchMode = z._default(z.enum(['exact', 'contains']), 'exact');

/** A rule's further keyword: never a reserved one (those stand alone as a rule's first keyword). */
export const otherKeyword = keyword.check(z.refine((k) => !k.startsWith('@'), 'reply.keywordAt'));

/** Keywords per rule beyond the first: ours, not WeChat's (its back office shows no limit); bounds a save's transaction (2 items each). */
export const maxOtherKeywords = 9;

/** WeChat's 规则名称: at most 60 characters in its back office. */
export const maxRuleNameLength = 60;

/** `keywords` may come as an array (JSON body) or as its JSON text (form field). */
const jsonArray = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

export const otherKeywords = preprocess(
  jsonArray,
  z.array(z.object({ keyword: otherKeyword, match: matchMode })).check(z.maxLength(maxOtherKeywords)),
);

export const ruleName = z.string().check(z.trim(), z.maxLength(maxRuleNameLength), xmlText());

/** The version an editor loaded (every save answers the new one). */
export const ruleVersion = z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000_000));
