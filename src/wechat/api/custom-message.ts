import { callWechat } from '../http-client';

/** Customer-service messages (cgi-bin/message/custom/send), sent with an access token in hand. */
export const sendCustomText = (accessToken: string, openid: string, content: string) =>
  callWechat<{ errcode: number }>({
    path: 'cgi-bin/message/custom/send',
    query: { access_token: accessToken },
    json: { touser: openid, msgtype: 'text', text: { content } },
  });
