import type { Account } from '../core/data/accounts';
import { recordReply, type OutboundReply } from './data/inbox-queries';
import { WechatApiError } from '../wechat/api-error';
import { logger } from '../core/http/logger';
import { sendCustomMessage, type CustomMessage } from '../wechat/api/custom-message';
import { WechatCustomServiceCode } from '../wechat/error-codes';
import type { ReplyRequest } from './inputs';
import { retentionOf } from '../core/retention';
import { closedError, giveBack, settle, takeOne, usedUpError, type Taken } from './reply-allowance';

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
 * A customer-service send counted against the follower's quota (./reply-quota.ts): taken before
 * WeChat is called (refused there with 40901 or 42910), given back when WeChat refuses for a
 * reason of its own, and settled when WeChat answers with its quota codes (45047 → 42910,
 * 45015 → 40901), so the next send is refused before WeChat. Also the callback queue's late
 * replies (src/callback/run-job.ts).
 */
export const sendCounted = async (taken: Taken, send: () => Promise<unknown>): Promise<void> => {
  try {
    await send();
  } catch (error) {
    if (error instanceof WechatApiError && error.wxerrcode === WechatCustomServiceCode.quotaUsedUp) {
      const state = await settle(taken, 'usedUp');
      throw usedUpError(taken.openid, state.state === 'usedUp' ? state : { state: 'usedUp', rule: 'message', resetsAt: null, grants: [] }, { wxerrcode: error.wxerrcode, wxerrmsg: error.wxerrmsg });
    }
    if (error instanceof WechatApiError && error.wxerrcode === WechatCustomServiceCode.outOfWindow) {
      const state = await settle(taken, 'closed');
      throw closedError(taken.openid, state, { wxerrcode: error.wxerrcode, wxerrmsg: error.wxerrmsg });
    }
    await giveBack(taken).catch((refundError: unknown) => logger.warn('a refused send could not be given back to the quota', { appid: taken.appid, error: refundError }));
    throw error;
  }
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
