import * as z from 'zod';
import { appid } from '../http/schemas';

/** Request schemas of the inbox endpoints (issue 15): list, conversation, handled, reply, media. */
const optionalAppid = { appid: appid.optional() };

/** A whole number from JSON or from a form's digits (no coercion of null, objects or "1e3"). */
const whole = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*\d{1,12}\s*$/.test(v) ? Number(v) : v), z.number().int().min(min).max(max));

/** true/false from JSON or a form. */
const flag = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());

/** Epoch seconds, or an ISO date-time. */
const instant = z.preprocess((v) => {
  if (typeof v === 'string' && !/^\s*\d+\s*$/.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : Math.floor(ms / 1000);
  }
  return v;
}, whole(0, 9_999_999_999));

export const openid = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'an openid (letters, digits, "_" and "-")')
  .meta({ examples: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0'] });
const messageId = z
  .string()
  .trim()
  .regex(/^\d{10}-[0-9a-f]{32}$/, 'a message id as the inbox lists it')
  .meta({ examples: [`1764000000-${'0a'.repeat(16)}`] });
const cursor = z.string().trim().min(1).max(512);

export const inboxMessageTypes = ['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'event'] as const;

export const ListInboxInput = z.object({
  ...optionalAppid,
  limit: whole(1, 100).default(20),
  next: cursor.optional(),
  /** WeChat's MsgType. */
  msgType: z.enum(inboxMessageTypes).optional(),
  /** WeChat's Event, as WeChat writes it (subscribe, unsubscribe, SCAN, CLICK, VIEW, scancode_push…). */
  event: z.string().trim().min(1).max(32).regex(/^\w+$/, 'an event name').optional(),
  openid: openid.optional(),
  keyword: z.string().trim().min(1).max(100).optional(),
  from: instant.optional(),
  to: instant.optional(),
  handled: flag.optional(),
  unhandledFirst: flag.default(false),
});

export const ConversationInput = z.object({ ...optionalAppid, openid, limit: whole(1, 100).default(50), next: cursor.optional() });

const maxIdsText = 100 * 48;

/** One id, a comma-separated list, or a JSON list; up to 100 (one DynamoDB transaction). */
export const MarkHandledInput = z.object({
  ...optionalAppid,
  ids: z.preprocess(
    (v) => (typeof v === 'string' && v.length <= maxIdsText ? (/^\s*\[/.test(v) ? safeJson(v) : v.split(',').map((s) => s.trim()).filter(Boolean)) : v),
    z.array(messageId).min(1).max(100),
  ),
  handled: flag.default(true),
});

const safeJson = (v: string): unknown => {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
};

const mediaId = z.string().trim().min(1).max(128);
const httpUrl = z
  .string()
  .trim()
  .max(1024)
  .regex(/^https?:\/\/[^\s/?#]+\S*$/i, 'must be an http(s) URL');
const toFollower = { ...optionalAppid, openid };

/**
 * A customer-service message (cgi-bin/message/custom/send): text, image, voice, video, or news
 * (WeChat sends one article at most since 2018).
 */
export const ReplyInput = z.discriminatedUnion('type', [
  z.object({ ...toFollower, type: z.literal('text'), content: z.string().trim().min(1).max(2048) }),
  z.object({ ...toFollower, type: z.literal('image'), mediaId }),
  z.object({ ...toFollower, type: z.literal('voice'), mediaId }),
  z.object({
    ...toFollower,
    type: z.literal('video'),
    mediaId,
    thumbMediaId: mediaId,
    title: z.string().trim().max(64).optional(),
    description: z.string().trim().max(512).optional(),
  }),
  z.object({
    ...toFollower,
    type: z.literal('news'),
    title: z.string().trim().min(1).max(64),
    description: z.string().trim().max(512).optional(),
    url: httpUrl,
    picurl: httpUrl.optional(),
  }),
]);
export type ReplyRequest = z.infer<typeof ReplyInput>;

/** The media of a message in the inbox (`thumb`: a video's cover). */
export const InboxMediaInput = z.object({ ...optionalAppid, id: messageId, part: z.enum(['media', 'thumb']).default('media') });
