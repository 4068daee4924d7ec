import type { WechatXml } from '../wechat/xml';
import { field } from '../wechat/xml';

/**
 * What identifies one message across WeChat's retries: MsgId for messages; for events (which have
 * none) the sender, the creation time, the event and its key.
 */
export const messageKey = (message: WechatXml): string => {
  const msgId = field(message, 'MsgId');
  if (msgId) return `id:${msgId}`;
  return ['ev', field(message, 'FromUserName'), field(message, 'CreateTime'), field(message, 'Event'), field(message, 'EventKey')].join(':');
};
