import type { Account } from '../core/data/accounts';
import { epochSeconds } from '../core/data/client';
import { latestFrom, recordReply, type OutboundReply } from './data/inbox-queries';
import { ReplyWindowClosedError } from '../core/errors';
import { WechatApiError } from '../wechat/api-error';
import { logger } from '../core/http/logger';
import { sendCustomMessage, type CustomMessage } from '../wechat/api/custom-message';
import { WechatCustomServiceCode } from '../wechat/error-codes';
import type { ReplyRequest } from './inputs';
import { retentionOf } from '../core/retention';
import { opensWindow, windowSeconds, windowState } from './reply-window';

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
