import { perAppid, type SimContext } from './context';
import { json, type Routes } from './reply';

/**
 * The auto-replies an operator set in mp.weixin.qq.com's own editor (自动回复: 被关注回复, 收到消息
 * 回复, 关键词回复), as cgi-bin/get_current_autoreply_info answers them. Only the back office's
 * rules: "本接口仅能获取公众号在公众平台官网的自动回复功能中设置的自动回复规则" (获取自动回复规则,
 * https://developers.weixin.qq.com/doc/service/api/notify/autoreplies/api_getcurrentautoreplyinfo.html),
 * so what the platform's callback answers never shows here. Set through the control API.
 */
export interface AutoreplyInfo {
  is_add_friend_reply_open: 0 | 1;
  is_autoreply_open: 0 | 1;
  add_friend_autoreply_info?: { type: string; content: string };
  message_default_autoreply_info?: { type: string; content: string };
  keyword_autoreply_info?: {
    list: {
      rule_name: string;
      create_time: number;
      reply_mode: 'reply_all' | 'random_one';
      keyword_list_info: { type: string; match_mode: 'contain' | 'equal'; content: string }[];
      reply_list_info: { type: string; content?: string; news_info?: { list: Record<string, unknown>[] } }[];
    }[];
  };
}

/** An account whose operator never set an auto-reply: both switches off, nothing listed. */
const none = (): AutoreplyInfo => ({ is_add_friend_reply_open: 0, is_autoreply_open: 0 });

export const autoreply = (ctx: SimContext): Routes => {
  const infoOf = perAppid<{ info: AutoreplyInfo }>(() => ({ info: none() }));
  ctx.keepPerAppid('autoreplies', infoOf);
  return {
    'GET /cgi-bin/get_current_autoreply_info': (req) =>
      ctx.accountCall(req, 'cgi-bin/get_current_autoreply_info', (appid) => json(infoOf(appid).info)),

    // ---- control API ----
    /** The back office's auto-replies of an account: {appid, ...get_current_autoreply_info's fields}. */
    'PUT /__sim/back-office/autoreply': (req) => {
      const { appid, ...info } = req.body as { appid?: string } & Partial<AutoreplyInfo>;
      infoOf(String(appid ?? '')).info = { ...none(), ...info };
      return json(infoOf(String(appid ?? '')).info);
    },
  };
};
