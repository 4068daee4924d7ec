import { field, type WechatXml } from '../wechat/xml';

/**
 * WeChat's test accounts for the release test: five groups, each an official account and a mini
 * program; WeChat picks one group at random per check (groups two to five since 2021-01-18), so
 * every one must be answered. They are authorized to every platform by WeChat itself and have no
 * account here. Source: developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
 */
export const releaseTestAppids: ReadonlySet<string> = new Set([
  // official accounts (gh_3c884a361561, gh_c0f28a78b318, gh_3f222ed8d140, gh_26128078e9ab, gh_2b3713f184a6)
  'wx570bc396a51b8ff8',
  'wx9252c5e0bb1836fc',
  'wx8e1097c5bc82cde9',
  'wx14550af28c71a144',
  'wxa35b9c23cfe664eb',
  // mini programs (gh_8dad206e9538, gh_905ae9d01059, gh_393666f1fdf4, gh_39abb5d4e1b7, gh_7818dcb60240)
  'wxd101a85aa106f53e',
  'wxc39235c15087f6f3',
  'wx7720d01d4b2a4500',
  'wx05d483572dcd5d8b',
  'wx5910277cae6fd970',
]);

/**
 * The open platform's release test (全网发布接入检测): WeChat's test account sends fixed
 * messages and checks the answers: `TESTCOMPONENT_MSG_TYPE_TEXT` answered passively with
 * `TESTCOMPONENT_MSG_TYPE_TEXT_callback`; `QUERY_AUTH_CODE:<code>` answered empty within 5 s, then
 * api_query_auth with the code and a customer-service text `<code>_from_api`; an event answered
 * `<Event>from_callback`. Pure: says what to do, the caller does it.
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
