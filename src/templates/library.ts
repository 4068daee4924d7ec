import type { CapableAccount } from '../core/capabilities';
import { listPrivateTemplates, type WechatTemplate } from '../wechat/api/templates';
import { getTemplate, replaceTemplates, type StoredTemplate } from './data/templates';
import { keywordsOf } from './keyword-values';

/** The account's templates as we keep them: WeChat's list, each keyword with its type and the label written before it. */
export const storedOf = (t: WechatTemplate, now = new Date()): StoredTemplate => {
  const keywords = keywordsOf(t.content).map((k) => ({
    key: k.name,
    type: k.type,
    // "商品名称:{{thing1.DATA}}": the words before the placeholder on its line name it.
    label: new RegExp(`([^\\n:：{}]*)[:：]?\\s*\\{\\{\\s*${k.name}\\.DATA`).exec(t.content)?.[1]?.trim() ?? '',
  }));
  // A const keyword takes only the value approved with the template; the example ("配送方式:快递配送") shows it.
  const exampleOf = (label: string) => new RegExp(`(?:^|\\n)\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[:：]\\s*([^\\n]+)`).exec(t.example ?? '')?.[1]?.trim();
  const approved = Object.fromEntries(keywords.filter((k) => k.type === 'const' && k.label && exampleOf(k.label)).map((k) => [k.key, [exampleOf(k.label)!]]));
  return {
    templateId: t.template_id,
    title: t.title,
    content: t.content,
    example: t.example ?? '',
    primaryIndustry: t.primary_industry ?? '',
    deputyIndustry: t.deputy_industry ?? '',
    keywords,
    approved,
    syncedAt: now.toISOString(),
  };
};

/** WeChat's list, written over our copy. */
export const refreshTemplates = async (account: CapableAccount): Promise<StoredTemplate[]> => {
  const list = (await listPrivateTemplates(account)).map((t) => storedOf(t));
  await replaceTemplates(account.appid, list);
  return list;
};

/** A template by id: our copy, else WeChat's list read again (added in the back office since). */
export const templateFor = async (account: CapableAccount, templateId: string): Promise<StoredTemplate | undefined> =>
  (await getTemplate(account.appid, templateId)) ?? (await refreshTemplates(account)).find((t) => t.templateId === templateId);
