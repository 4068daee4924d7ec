import type { CapableAccount } from '../core/capabilities';
import { WechatApiError } from '../wechat/api-error';
import { sendTemplateMessage } from '../wechat/api/templates';
import { claimRecipient, recordFailed, recordSent, releaseClaim, type TemplateSendRecord } from './data/sends';

/**
 * One recipient of a send, at most once:
 * 1. the recipient is claimed (a conditional put) before WeChat is called;
 * 2. WeChat's answer is recorded: the msgid (sent), or its refusal (failed, with the errcode).
 * A delivery that dies between 1 and 2 leaves the claim. The queue delivers the message again; the
 * claim is met, and WeChat is called again with the same `client_msg_id` (the sendId), which
 * WeChat de-duplicates per openid for 10 minutes: the follower gets one message. A claim older than
 * that is not called again (WeChat may have sent it): the recipient is recorded failed, unknown.
 */
export const reCallWindowMs = 9 * 60_000;
/** Recorded for a recipient whose claim outlived WeChat's de-duplication: not known whether it was sent. */
export const unknownOutcome = -2;
/** WeChat's refusals that are the same for every recipient of the send: the fan-out stops at the first. */
const wholeSend = new Set([40037, 47003, 48001, 45009]);

/** What became of a recipient: taken by WeChat, or not (with WeChat's refusal; `stops`: the same for all). */
export type Delivered = { outcome: 'sent' } | { outcome: 'failed'; error: WechatApiError | undefined; stops: boolean };

export const deliverTo = async (account: CapableAccount, send: TemplateSendRecord, openid: string, now = Date.now()): Promise<Delivered> => {
  const earlier = await claimRecipient(send.appid, send.sendId, openid, now);
  // Settled by an earlier delivery of this page: counted as it came out, not sent again.
  if (earlier && earlier.state === 'failed') return { outcome: 'failed', error: undefined, stops: false };
  if (earlier && earlier.state !== 'claimed') return { outcome: 'sent' };
  if (earlier && now - earlier.claimedAt > reCallWindowMs) {
    await recordFailed(send.appid, send.sendId, openid, unknownOutcome);
    return { outcome: 'failed', error: undefined, stops: false };
  }
  let msgid: string;
  try {
    msgid = await sendTemplateMessage(account, {
      touser: openid,
      template_id: send.templateId,
      data: send.data,
      ...(send.url ? { url: send.url } : {}),
      ...(send.miniprogram ? { miniprogram: send.miniprogram } : {}),
      client_msg_id: send.sendId,
    });
  } catch (error) {
    // -1: busy, no answer, an error page: WeChat may have sent it. The claim stays; a retry settles it.
    if (!(error instanceof WechatApiError) || error.wxerrcode === -1) throw error;
    if (error.wxerrcode === 45009) {
      // WeChat's daily quota: nothing was sent; the recipient is free for a later send.
      await releaseClaim(send.appid, send.sendId, openid);
      return { outcome: 'failed', error, stops: true };
    }
    await recordFailed(send.appid, send.sendId, openid, error.wxerrcode);
    return { outcome: 'failed', error, stops: wholeSend.has(error.wxerrcode) };
  }
  await recordSent(send.appid, send.sendId, openid, msgid);
  return { outcome: 'sent' };
};
