import { stopBy, stopOf, type Stop } from '../core/messages/stops';
import type { WechatApiError } from '../wechat/api-error';

/**
 * WeChat's refusal that ended a send, for a person: the template gone, a value refused (named by the
 * label the template writes before it, 商品名称, not its key thing1), the follower gone or refusing,
 * else as the error says.
 */
export const refusalStop = (error: WechatApiError | undefined, keywords: readonly { key: string; label: string }[] = []): Stop => {
  if (error?.wxerrcode === 40037) return stopBy('templateSend.templateGone', { wxerrcode: 40037 });
  if (error?.wxerrcode === 47003) {
    const key = /data\.(\w+)\.value/.exec(error.wxerrmsg)?.[1];
    return stopBy('templateSend.valueRefused', { given: keywords.find((k) => k.key === key)?.label, wxerrcode: 47003 });
  }
  if (error?.wxerrcode === 43004) return stopBy('templateSend.notFollowing', { wxerrcode: 43004 });
  if (error?.wxerrcode === 43101) return stopBy('templateSend.refusedByUser', { wxerrcode: 43101 });
  return stopOf(error);
};
