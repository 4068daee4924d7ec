import type { Account } from '../core/data/accounts';
import { callAsAccount } from '../wechat/api/account-client';

/** get_current_autoreply_info's answer (获取自动回复规则): the back office's own auto-replies. */
export interface BackOfficeReply {
  type?: string;
  content?: string;
  news_info?: { list?: { title?: string; digest?: string; cover_url?: string; content_url?: string }[] };
}

export interface BackOfficeAutoreplies {
  is_add_friend_reply_open?: number;
  is_autoreply_open?: number;
  add_friend_autoreply_info?: BackOfficeReply;
  message_default_autoreply_info?: BackOfficeReply;
  keyword_autoreply_info?: {
    list?: {
      rule_name?: string;
      reply_mode?: string;
      keyword_list_info?: { type?: string; match_mode?: string; content?: string }[];
      reply_list_info?: BackOfficeReply[];
    }[];
  };
}

export const getCurrentAutoreplies = (a: Pick<Account, 'appid' | 'mode'>) =>
  callAsAccount<BackOfficeAutoreplies>(a, { method: 'GET', path: 'cgi-bin/get_current_autoreply_info' });
