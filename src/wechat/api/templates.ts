import type { CapableAccount } from '../../core/capabilities';
import { callAsAccount } from './account-client';

/**
 * Template messages (cgi-bin/template/*, cgi-bin/message/template/send), under the rules of
 * 2023-05-04: developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html.
 */
type A = CapableAccount;

export interface WechatTemplate {
  template_id: string;
  title: string;
  primary_industry?: string;
  deputy_industry?: string;
  /** "商品名称:{{thing1.DATA}}\n…": each keyword's type is the name before its number. */
  content: string;
  example?: string;
}

export const listPrivateTemplates = (a: A) =>
  callAsAccount<{ template_list?: WechatTemplate[] }>(a, { path: 'cgi-bin/template/get_all_private_template', method: 'GET' }).then((r) => r.template_list ?? []);

/** A category template from the library, by its number and the names of the keywords picked, in order. */
export const addTemplate = (a: A, templateIdShort: string, keywordNames: string[]) =>
  callAsAccount<{ template_id: string }>(a, { path: 'cgi-bin/template/api_add_template', json: { template_id_short: templateIdShort, keyword_name_list: keywordNames } }).then((r) => r.template_id);

export const deletePrivateTemplate = (a: A, templateId: string) =>
  callAsAccount(a, { path: 'cgi-bin/template/del_private_template', json: { template_id: templateId } });

export interface TemplateSend {
  touser: string;
  template_id: string;
  data: Record<string, { value: string }>;
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  /** WeChat sends one message per openid + client_msg_id within 10 minutes. */
  client_msg_id?: string;
}

export const sendTemplateMessage = (a: A, message: TemplateSend) =>
  callAsAccount<{ msgid: number }>(a, { path: 'cgi-bin/message/template/send', json: message }).then((r) => String(r.msgid));
