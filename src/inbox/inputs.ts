// zod/mini, not classic zod: classic zod was about 90 KB of each inbox.* bundle (README, "Cold
// start"). Same checks, messages and JSON Schema as before.
import * as z from 'zod/mini';
import { appid, flag, preprocess, xmlText } from '../core/http/schemas-mini';

/** Request schemas of the inbox endpoints (issue 15): list, conversation, handled, reply, media. */
const optionalAppid = { appid: z.optional(appid) };

/** A whole number from JSON or from a form's digits (no coercion of null, objects or "1e3"). */
const whole = (min: number, max: number) =>
  preprocess((v) => (typeof v === 'string' && /^\s*\d{1,12}\s*$/.test(v) ? Number(v) : v), z.number().check(z.int(), z.gte(min), z.lte(max)));

/** Epoch seconds, or an ISO date-time. */
const instant = preprocess((v) => {
  if (typeof v === 'string' && !/^\s*\d+\s*$/.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : Math.floor(ms / 1000);
  }
  return v;
}, whole(0, 9_999_999_999));

export const openid = z
  .string()
  .check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/, 'an openid (letters, digits, "_" and "-")'), z.meta({ examples: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0'] }));
const messageId = z
  .string()
  .check(z.trim(), z.regex(/^\d{10}-[0-9a-f]{32}$/, 'a message id as the inbox lists it'), z.meta({ examples: [`1764000000-${'0a'.repeat(16)}`] }));
const cursor = z.string().check(z.trim(), z.minLength(1), z.maxLength(512));

export const inboxMessageTypes = ['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'event'] as const;

export const ListInboxInput = z.object({
  ...optionalAppid,
  limit: z._default(whole(1, 100), 20),
  next: z.optional(cursor),
  /** WeChat's MsgType. */
  msgType: z.optional(z.enum(inboxMessageTypes)),
  /** WeChat's Event, as WeChat writes it (subscribe, unsubscribe, SCAN, CLICK, VIEW, scancode_push…). */
  event: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(32), z.regex(/^\w+$/, 'format.eventName'))),
  openid: z.optional(openid),
  keyword: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  from: z.optional(instant),
  to: z.optional(instant),
  handled: z.optional(flag),
  unhandledFirst: z._default(flag, false),
});

export const ConversationInput = z.object({ ...optionalAppid, openid, limit: z._default(whole(1, 100), 50), next: z.optional(cursor) });

const maxIdsText = 100 * 48;

/** One id, a comma-separated list, or a JSON list; up to 100 (one DynamoDB transaction). */
export const MarkHandledInput = z.object({
  ...optionalAppid,
  ids: preprocess(
    (v) => (typeof v === 'string' && v.length <= maxIdsText ? (/^\s*\[/.test(v) ? safeJson(v) : v.split(',').map((s) => s.trim()).filter(Boolean)) : v),
    z.array(messageId).check(z.minLength(1), z.maxLength(100)),
  ),
  handled: z._default(flag, true),
});

const safeJson = (v: string): unknown => {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
};

const mediaId = z.string().check(z.trim(), z.minLength(1), z.maxLength(128));
const httpUrl = z.string().check(z.trim(), z.maxLength(1024), z.regex(/^https?:\/\/[^\s/?#]+\S*$/i, 'httpUrl'));
const toFollower = { ...optionalAppid, openid };

/**
 * A customer-service message (cgi-bin/message/custom/send): text, image, voice, video, or news
 * (WeChat sends one article at most since 2018).
 */
export const ReplyInput = z.discriminatedUnion('type', [
  z.object({ ...toFollower, type: z.literal('text'), content: z.string().check(z.trim(), z.minLength(1), z.maxLength(2048), xmlText()) }),
  z.object({ ...toFollower, type: z.literal('image'), mediaId }),
  z.object({ ...toFollower, type: z.literal('voice'), mediaId }),
  z.object({
    ...toFollower,
    type: z.literal('video'),
    mediaId,
    thumbMediaId: mediaId,
    title: z.optional(z.string().check(z.trim(), z.maxLength(64), xmlText())),
    description: z.optional(z.string().check(z.trim(), z.maxLength(512), xmlText())),
  }),
  z.object({
    ...toFollower,
    type: z.literal('news'),
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(64), xmlText()),
    description: z.optional(z.string().check(z.trim(), z.maxLength(512), xmlText())),
    url: httpUrl,
    picurl: z.optional(httpUrl),
  }),
]);
export type ReplyRequest = z.infer<typeof ReplyInput>;

/** The media of a message in the inbox (`thumb`: a video's cover). */
export const InboxMediaInput = z.object({ ...optionalAppid, id: messageId, part: z._default(z.enum(['media', 'thumb']), 'media') });
