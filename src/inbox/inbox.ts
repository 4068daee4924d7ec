import type { Account } from '../data/accounts';
import { epochSeconds } from '../data/client';
import {
  getInboxMessage,
  latestFrom,
  listInbox,
  recordReply,
  setHandled,
  type InboxFilter,
  type OutboundReply,
} from '../data/inbox-queries';
import { NotFoundError, PayloadTooLargeError, ReplyWindowClosedError, WechatApiError } from '../http/errors';
import { logger } from '../http/logger';
import { sendCustomMessage, type CustomMessage } from '../wechat/api/custom-message';
import { downloadTempMedia } from '../wechat/api/media';
import { WechatCustomServiceCode } from '../wechat/error-codes';
import type { ReplyRequest } from './inputs';
import { retentionOf } from './retention';
import { opensWindow, windowSeconds, windowState } from './reply-window';


export const listMessages = (account: Account, filter: InboxFilter, limit: number, next?: string) => listInbox(account.appid, filter, limit, next);

/** A follower's thread, newest first, with the replies sent from the platform, and the reply window. */
export const conversation = async (account: Account, openid: string, limit: number, next?: string) => {
  const page = await listInbox(account.appid, { openid, withReplies: true }, limit, next);
  const now = epochSeconds();
  const last = await latestFrom(account.appid, openid, now - windowSeconds, opensWindow);
  return { ...page, window: windowState(last?.createTime, retentionOf(account), now) };
};

export const markHandled = async (account: Account, ids: string[], handled: boolean) => {
  await setHandled(account.appid, ids, handled);
  return { ids: [...new Set(ids)], handled };
};

const toWechat = (reply: ReplyRequest): CustomMessage => {
  switch (reply.type) {
    case 'text':
      return { msgtype: 'text', text: { content: reply.content } };
    case 'image':
      return { msgtype: 'image', image: { media_id: reply.mediaId } };
    case 'voice':
      return { msgtype: 'voice', voice: { media_id: reply.mediaId } };
    case 'video':
      return {
        msgtype: 'video',
        video: { media_id: reply.mediaId, thumb_media_id: reply.thumbMediaId, ...(reply.title ? { title: reply.title } : {}), ...(reply.description ? { description: reply.description } : {}) },
      };
    case 'news':
      return {
        msgtype: 'news',
        news: { articles: [{ title: reply.title, url: reply.url, ...(reply.description ? { description: reply.description } : {}), ...(reply.picurl ? { picurl: reply.picurl } : {}) }] },
      };
  }
};

const toRecord = (reply: ReplyRequest, sentBy: string): OutboundReply => {
  const { appid: _a, type, ...fields } = reply;
  const { picurl, ...rest } = fields as typeof fields & { picurl?: string };
  return { ...rest, msgType: type, sentBy, ...(picurl ? { picUrl: picurl } : {}) };
};

const closedMessage = (openid: string) =>
  `openid: ${openid} has not written within the last 48 hours; WeChat accepts customer-service messages only within 48 hours of the follower's last message`;

/**
 * Replies through WeChat's customer-service API, inside the 48-hour window: refused before WeChat
 * is called when the inbox shows the window closed; WeChat's own 45015 answers the same errcode.
 * The reply joins the follower's thread (not when the account keeps no inbox).
 */
export const replyToFollower = async (account: Account, reply: ReplyRequest, userId: string) => {
  const retention = retentionOf(account);
  const now = epochSeconds();
  const last = retention > 0 ? await latestFrom(account.appid, reply.openid, now - windowSeconds, opensWindow) : undefined;
  const window = windowState(last?.createTime, retention, now);
  if (window.state === 'closed') throw new ReplyWindowClosedError(closedMessage(reply.openid), { window });
  try {
    await sendCustomMessage(account, reply.openid, toWechat(reply));
  } catch (error) {
    if (error instanceof WechatApiError && error.wxerrcode === WechatCustomServiceCode.outOfWindow) {
      throw new ReplyWindowClosedError(`${closedMessage(reply.openid)} (or has unfollowed)`, { wxerrcode: error.wxerrcode, wxerrmsg: error.wxerrmsg });
    }
    throw error;
  }
  // Sent is sent: a thread that cannot be written now (storage busy) must not make the client
  // repeat the reply, so the answer stays 0, without the threaded message.
  const recorded =
    retention > 0
      ? await recordReply(account.appid, toRecord(reply, userId), retention).catch((error: unknown) => {
          logger.warn('reply sent but not recorded in the thread', { appid: account.appid, error });
          return undefined;
        })
      : undefined;
  return { ...(recorded ? { message: recorded } : {}), window };
};

/**
 * Lambda answers at most 6 MB, base64 included: media up to 4 MB is relayed (follower images and
 * voice are far below; a longer video may not be).
 */
export const maxRelayBytes = 4 * 1024 * 1024;

/** WeChat's video link, read with timeouts and the relay's size cap. */
const download = async (link: string): Promise<{ contentType: string; data: Buffer } | 'too_large'> => {
  // Node's built-in fetch (the WeChat transport's choice: the undici package would add 520 KB).
  const response = await fetch(link, { method: 'GET', signal: AbortSignal.timeout(10_000) });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > maxRelayBytes) {
      await response.body?.cancel();
      return 'too_large';
    }
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  if (response.status !== 200) throw new NotFoundError(`id: WeChat's video link answered HTTP ${response.status}`);
  return { contentType: response.headers.get('content-type') ?? 'video/mp4', data: Buffer.concat(chunks) };
};

const mimeOk = /^(image|audio|video)\/[\w.+-]+$/i;

/** The bytes of a message's media, fetched from WeChat for the account's owner (never hot-linked). */
export const messageMedia = async (account: Account, id: string, part: 'media' | 'thumb') => {
  const message = await getInboxMessage(account.appid, id);
  const mediaId = part === 'thumb' ? message?.thumbMediaId : message?.mediaId;
  if (!message || !mediaId) throw new NotFoundError(`id: no message ${id} with ${part === 'thumb' ? 'a thumbnail' : 'media'} in this account's inbox`);
  let result = await downloadTempMedia(account, mediaId, maxRelayBytes).catch((error: unknown) => {
    // WeChat keeps a follower's media 3 days; after that its id is invalid (40007).
    if (error instanceof WechatApiError && error.wxerrcode === 40007) throw new NotFoundError(`id: WeChat no longer holds the media of message ${id} (it keeps it 3 days)`);
    throw error;
  });
  if (result !== 'too_large' && 'json' in result) {
    // Videos come as a download link of WeChat's: fetched here too, not handed to the browser.
    const link = result.json['video_url'];
    if (typeof link !== 'string' || !/^https?:\/\//.test(link)) throw new NotFoundError(`id: WeChat has no media for message ${id}`);
    result = await download(link);
  }
  if (result === 'too_large') throw new PayloadTooLargeError(`id: the media of message ${id} is larger than the ${maxRelayBytes} bytes the platform relays`);
  const contentType = mimeOk.test(result.contentType.split(';')[0]!.trim()) ? result.contentType.split(';')[0]!.trim() : 'application/octet-stream';
  return { contentType, data: result.data };
};
