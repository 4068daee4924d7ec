import type { Account } from '../core/data/accounts';
import { recordReply, type OutboundReply } from './data/inbox-queries';
import { logger } from '../core/http/logger';
import { sendCustomMessage, type CustomMessage } from '../wechat/api/custom-message';
import type { ReplyRequest } from './inputs';
import { retentionOf } from '../core/retention';
import { sendCounted, takeOne } from './reply-allowance';

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

/**
 * Replies through WeChat's customer-service API within the follower's quota; the answer says
 * what is left. The reply joins the follower's thread (not when the account keeps no inbox).
 */
export const replyToFollower = async (account: Account, reply: ReplyRequest, userId: string) => {
  const retention = retentionOf(account);
  const taken = await takeOne(account.appid, reply.openid, retention);
  await sendCounted(taken, () => sendCustomMessage(account, reply.openid, toWechat(reply)));
  // Sent is sent: a thread that cannot be written now (storage busy) must not make the client
  // repeat the reply, so the answer stays 0, without the threaded message.
  const recorded =
    retention > 0
      ? await recordReply(account.appid, toRecord(reply, userId), retention).catch((error: unknown) => {
          logger.warn('reply sent but not recorded in the thread', { appid: account.appid, error });
          return undefined;
        })
      : undefined;
  return { ...(recorded ? { message: recorded } : {}), window: taken.state };
};
