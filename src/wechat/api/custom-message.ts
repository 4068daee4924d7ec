import type { CapableAccount } from '../../core/capabilities';
import { callWechat } from '../http-client';
import { callAsAccount } from './account-client';

/** Customer-service messages (cgi-bin/message/custom/send), sent with an access token in hand. */
export const sendCustomText = (accessToken: string, openid: string, content: string) =>
  callWechat<{ errcode: number }>({
    path: 'cgi-bin/message/custom/send',
    query: { access_token: accessToken },
    json: { touser: openid, msgtype: 'text', text: { content } },
  });

export type CustomMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'voice'; voice: { media_id: string } }
  | { msgtype: 'video'; video: { media_id: string; thumb_media_id: string; title?: string; description?: string } }
  | { msgtype: 'news'; news: { articles: { title: string; description?: string; url: string; picurl?: string }[] } };

/** As an official account (token store rules): WeChat accepts it only within 48 hours of the follower's last message. */
export const sendCustomMessage = (account: CapableAccount, openid: string, message: CustomMessage) =>
  callAsAccount(account, { path: 'cgi-bin/message/custom/send', json: { touser: openid, ...message } });
