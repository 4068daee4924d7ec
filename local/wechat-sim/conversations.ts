import { randomBytes } from 'node:crypto';
import type { SimErrorBody } from './errors';

/**
 * Followers' side of one account's conversations: the customer-service quota each follower's last
 * actions opened, what the account sent them through
 * cgi-bin/message/custom/send, and the temporary media (cgi-bin/media/get) WeChat issued for what
 * followers sent.
 */
export const ConversationError = {
  invalidOpenid: { errcode: 40003, errmsg: 'invalid openid' },
  invalidMediaId: { errcode: 40007, errmsg: 'invalid media_id' },
  invalidMessageType: { errcode: 40008, errmsg: 'invalid message type' },
  emptyContent: { errcode: 44004, errmsg: 'empty content' },
  articleSizeLimit: { errcode: 45008, errmsg: 'article size out of limit' },
  invalidMusicUrl: { errcode: 40048, errmsg: 'invalid url' },
  outOfWindow: { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' },
  quotaUsedUp: { errcode: 45047, errmsg: 'out of response count limit' },
} as const;

const isHttpUrl = (value: unknown): boolean => typeof value === 'string' && /^https?:\/\/\S+$/i.test(value);

/**
 * WeChat's customer-service quota since 2023-06-12 ("客服消息下发规则", developers.weixin.qq.com/doc/
 * subscription/guide/product/kf/intro.md and doc/service/api/customer/message/api_sendcustommessage):
 * a message allows 5 within 48 hours; a follow, a QR scan or a click / scancode_push /
 * scancode_waitmsg tap allows 3 within 1 minute, and a tap creates no message quota. Each scene
 * keeps its own quota, renewed (not added to) by the scene's next action; past it 45047, with no
 * live quota 45015.
 */
export const quotaScenes = {
  message: { limit: 5, ms: 48 * 3600 * 1000 },
  event: { limit: 3, ms: 60 * 1000 },
} as const;
type Scene = keyof typeof quotaScenes;

export const sceneOf = (message: Record<string, unknown>): Scene | undefined => {
  if (message['MsgType'] !== 'event') return 'message';
  return ['subscribe', 'scan', 'click', 'scancode_push', 'scancode_waitmsg'].includes(String(message['Event'] ?? '').toLowerCase()) ? 'event' : undefined;
};

interface Quota {
  atMs: number;
  used: number;
}

export interface TempMedia {
  type: string;
  contentType: string;
  data: Buffer;
}

/**
 * A real 48×48 JPEG (a sun on a gradient, 959 bytes, ends with the EOI marker FF D9): WeChat hands
 * out a follower's actual photo, and a console that shows it needs bytes a browser can decode.
 */
const photo = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAwADADASIAAhEBAxEB/8QAGQAAAgMBAAAAAAAAAAAAAAAAAgQAAQUD/8QAIRABAAICAQQDAQAAAAAAAAAAAQACAxEEBRIxUSEiQSP/xAAYAQADAQEAAAAAAAAAAAAAAAADBAUAAv/EABoRAAMBAQEBAAAAAAAAAAAAAAABAhEEAxL/2gAMAwEAAhEDEQA/ANxYKyLBBtYKm1kpIo3ZSwFjlOGJ97O/RBycH4/nd36Z0rnQFKmJLAWXkLUs1saSc1jMoSuxxYzwqiWv++CJrGuBkNWxvnyRa0/kdVbQ5JJJFQoh1SgVpkPO9MzFmj1bKdtMQ/O+5mWsp8yfwtJPVSXo8HFgl7UsWq6SUsBZlIS7NDH1IDWWjv3WDl6odusVHfu0zlgLMuaN3AddXolml5Mlr2bXdr+zmsiwFjcyIXZ//9k=',
  'base64',
);

/** `head` starts every issued file; for images it is the whole picture, and any padding follows its end marker. */
const sample: Record<string, { contentType: string; head: Buffer; ext: string }> = {
  image: { contentType: 'image/jpeg', head: photo, ext: 'jpg' },
  thumb: { contentType: 'image/jpeg', head: photo, ext: 'jpg' },
  voice: { contentType: 'audio/amr', head: Buffer.from('#!AMR\n', 'latin1'), ext: 'amr' },
  video: { contentType: 'video/mp4', head: Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom')]), ext: 'mp4' },
};

export class Conversations {
  /** Per follower, the quota of each scene's latest action. */
  readonly quotas = new Map<string, Partial<Record<Scene, Quota>>>();
  readonly received = new Map<string, unknown[]>();
  readonly media = new Map<string, TempMedia>();

  /** A follower did something: its scene's quota starts afresh (at the message's own time); unfollowing ends them. */
  interacted(openid: string, message: Record<string, unknown>, atMs: number): void {
    if (message['MsgType'] === 'event' && String(message['Event'] ?? '').toLowerCase() === 'unsubscribe') {
      this.quotas.delete(openid);
      return;
    }
    const scene = sceneOf(message);
    if (!scene) return;
    const quotas = this.quotas.get(openid) ?? {};
    if ((quotas[scene]?.atMs ?? -1) <= atMs) quotas[scene] = { atMs, used: 0 };
    this.quotas.set(openid, quotas);
  }

  /** 45015 with no live quota, 45047 with all live ones used; else the quota closing first pays. */
  private spend(openid: string, nowMs: number): SimErrorBody | undefined {
    const quotas = this.quotas.get(openid) ?? {};
    const live = (Object.entries(quotas) as [Scene, Quota][])
      .filter(([scene, q]) => nowMs - q.atMs <= quotaScenes[scene].ms)
      .sort(([a, qa], [b, qb]) => qa.atMs + quotaScenes[a].ms - (qb.atMs + quotaScenes[b].ms));
    if (live.length === 0) return ConversationError.outOfWindow;
    const payer = live.find(([scene, q]) => q.used < quotaScenes[scene].limit);
    if (!payer) return ConversationError.quotaUsedUp;
    payer[1].used += 1;
    return undefined;
  }

  /**
   * Temporary media as WeChat issues for a follower's image, voice or video message: `size` bytes
   * (never fewer than the sample's head; decoders stop at a JPEG's end marker, so padding is harmless).
   */
  issueMedia(type: string, size = 1024): string {
    const kind = sample[type] ?? sample['image']!;
    const id = randomBytes(24).toString('base64url');
    this.media.set(id, { type, contentType: kind.contentType, data: Buffer.concat([kind.head, randomBytes(Math.max(0, size - kind.head.length))]) });
    return id;
  }

  extensionOf(media: TempMedia): string {
    return (sample[media.type] ?? sample['image']!).ext;
  }

  /** cgi-bin/message/custom/send: WeChat's checks, then the follower receives it. */
  send(body: Record<string, any>, nowMs: number, mediaExists: (id: string) => boolean): SimErrorBody | undefined {
    const openid = typeof body['touser'] === 'string' ? body['touser'] : '';
    if (!openid) return ConversationError.invalidOpenid;
    const type = String(body['msgtype'] ?? '');
    const payload = body[type] as Record<string, any> | undefined;
    const known = (id: unknown) => typeof id === 'string' && (this.media.has(id) || mediaExists(id));
    switch (type) {
      case 'text':
        if (typeof payload?.['content'] !== 'string' || payload['content'] === '') return ConversationError.emptyContent;
        break;
      case 'image':
      case 'voice':
        if (!known(payload?.['media_id'])) return ConversationError.invalidMediaId;
        break;
      // 客服消息 (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html):
      // a video takes media_id (title, description optional) and no thumb; a music message's thumb is
      // not checked either, WeChat sends the card without a cover. A thumb given must still exist.
      case 'video':
        if (!known(payload?.['media_id'])) return ConversationError.invalidMediaId;
        if (payload?.['thumb_media_id'] !== undefined && !known(payload['thumb_media_id'])) return ConversationError.invalidMediaId;
        break;
      case 'music':
        if (!isHttpUrl(payload?.['musicurl']) || !isHttpUrl(payload?.['hqmusicurl'])) return ConversationError.invalidMusicUrl;
        if (payload?.['thumb_media_id'] !== undefined && payload['thumb_media_id'] !== '' && !known(payload['thumb_media_id'])) return ConversationError.invalidMediaId;
        break;
      case 'news':
        if (!Array.isArray(payload?.['articles']) || payload['articles'].length !== 1) return ConversationError.articleSizeLimit;
        break;
      default:
        return ConversationError.invalidMessageType;
    }
    const refused = this.spend(openid, nowMs);
    if (refused) return refused;
    this.received.set(openid, [...(this.received.get(openid) ?? []), body]);
    return undefined;
  }
}
