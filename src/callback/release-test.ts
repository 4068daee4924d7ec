import { field, type WechatXml } from '../wechat/xml';

/**
 * The open platform's release test (全网发布接入检测): WeChat's test account sends fixed
 * messages and checks the answers. Pure: says what to do, the caller does it.
 */
export type ReleaseTestAction =
  | { kind: 'text'; content: string }
  /** Answer empty now, then authorize with the code and send `<code>_from_api` as a customer-service message. */
  | { kind: 'queryAuthCode'; authCode: string }
  | { kind: 'none' };

export const releaseTestAction = (message: WechatXml): ReleaseTestAction => {
  const type = field(message, 'MsgType');
  const content = field(message, 'Content');
  if (type === 'text' && content === 'TESTCOMPONENT_MSG_TYPE_TEXT') return { kind: 'text', content: 'TESTCOMPONENT_MSG_TYPE_TEXT_callback' };
  if (type === 'text' && content.startsWith('QUERY_AUTH_CODE:')) {
    return { kind: 'queryAuthCode', authCode: content.slice('QUERY_AUTH_CODE:'.length) };
  }
  if (type === 'event' && field(message, 'Event')) return { kind: 'text', content: `${field(message, 'Event')}from_callback` };
  return { kind: 'none' };
};
