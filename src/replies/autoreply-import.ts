import type { Account } from '../core/data/accounts';
import { DataError } from '../core/data/errors';
import { AppError, ErrorCode, ValidationError } from '../core/errors';
import { getRule, type MatchMode } from './data/reply-rules';
import { normalizeKeyword } from './keywords';
import { parseReply, saveRule } from './rules';
import type { Reply } from './reply-schema';
import { ruleView } from './rule-view';
import type { ImportNoteCode } from './import-notes';
import { getCurrentAutoreplies, type BackOfficeAutoreplies, type BackOfficeReply } from './wechat-autoreply';

/**
 * The back office's auto-replies (mp.weixin.qq.com 自动回复) taken into rules, when the owner asks:
 * 被关注回复 → @subscribe, 收到消息回复 → @default, each keyword of a 关键词回复 rule → a rule with
 * its match mode (contain → contains, equal → exact). WeChat lists them through
 * get_current_autoreply_info (获取自动回复规则). What cannot become a rule is listed with why: the
 * back office's images, voices and videos come as temporary media ids (valid 3 days, 同上 note 5);
 * a rule here answers once, so of several replies the first that can be imported is kept.
 * Existing rules are never overwritten.
 */
export type ImportStatus = 'new' | 'imported' | 'exists' | 'skipped';

/** Why an item is as it is: a code the console words in its language, the API's own sentence, and the code's details. */
export interface ImportNote {
  code: ImportNoteCode;
  message: string;
  /** The reply type concerned, the kept reply's position and the rule's reply count. */
  type?: string;
  kept?: number;
  of?: number;
}
const note = (code: ImportNote['code'], message: string, details: Omit<ImportNote, 'code' | 'message'> = {}): ImportNote => ({ code, message, ...details });

export interface ImportItem {
  from: 'subscribe' | 'default' | 'keyword';
  ruleName?: string;
  keyword: string;
  match: MatchMode;
  status: ImportStatus;
  reply?: ReturnType<typeof ruleView>['reply'];
  type?: Reply['type'];
  notes: ImportNote[];
}

const matchOf = (mode: string | undefined): MatchMode => (mode === 'contain' ? 'contains' : 'exact');

const mediaTypes: Record<string, string> = { img: 'image', voice: 'voice', video: 'video' };

/** One back-office reply as ours, or why it cannot be one. */
const convertReply = (reply: BackOfficeReply): { reply: Reply; note?: ImportNote } | { refused: ImportNote } => {
  const type = reply.type ?? '';
  try {
    if (type === 'text') return { reply: parseReply('text', reply.content ?? '') };
    if (type === 'news') {
      const articles = (reply.news_info?.list ?? []).map((a) => ({ title: a.title ?? '', description: a.digest ?? '', picurl: a.cover_url ?? '', url: a.content_url ?? '' }));
      if (articles.length === 0) return { refused: note('noArticles', 'news: WeChat listed no articles for this news reply', { type }) };
      return {
        reply: parseReply('multitext', { articles: articles.slice(0, 8) }),
        note: note('newsAsLinks', 'news: imported as a news reply linking to the same articles (title, digest, cover and link as WeChat lists them)', { type }),
      };
    }
    if (mediaTypes[type]) {
      const message = `${mediaTypes[type]}: WeChat lists the back office's ${mediaTypes[type]} as temporary media (valid 3 days); upload it to the material library and set it on this rule`;
      return { refused: note('temporaryMedia', message, { type }) };
    }
    return { refused: note('unknownType', `${type || 'no type'}: not a reply type WeChat lists for auto-replies`, { type }) };
  } catch (error) {
    if (error instanceof ValidationError) return { refused: note('invalidReply', `${type}: ${error.message}`, { type }) };
    throw error;
  }
};

const fromReplies = (
  base: Omit<ImportItem, 'status' | 'notes' | 'reply' | 'type'>,
  replies: BackOfficeReply[],
  extraNotes: ImportNote[] = [],
): ImportItem => {
  const notes = [...extraNotes];
  const refusals: ImportNote[] = [];
  for (const candidate of replies) {
    const converted = convertReply(candidate);
    if ('refused' in converted) {
      refusals.push(converted.refused);
      continue;
    }
    const kept = replies.indexOf(candidate) + 1;
    if (replies.length > 1) notes.push(note('firstKept', `the back office had ${replies.length} replies for this rule; a rule here sends one: reply ${kept} kept`, { kept, of: replies.length }));
    if (converted.note) notes.push(converted.note);
    const view = ruleView({ appid: '', keyword: base.keyword, match: base.match, reply: converted.reply, version: 0, createdAt: '', updatedAt: '' });
    const dropped = refusals.map((r) => ({ ...r, code: 'notKept' as const, message: `not kept: ${r.message}` }));
    return { ...base, status: 'new', reply: view.reply, type: converted.reply.type, notes: [...notes, ...dropped] };
  }
  return { ...base, status: 'skipped', notes: [...notes, ...refusals] };
};

/** What the back office holds, as items to import (nothing written). */
export const planImport = (info: BackOfficeAutoreplies): ImportItem[] => {
  const items: ImportItem[] = [];
  const subscribe = info.add_friend_autoreply_info;
  if (subscribe?.type) {
    const item = fromReplies({ from: 'subscribe', keyword: '@subscribe', match: 'exact' }, [subscribe]);
    items.push(info.is_add_friend_reply_open === 1 ? item : { ...item, status: 'skipped', notes: [note('switchedOff', '被关注回复 is switched off in the back office'), ...item.notes] });
  }
  const fallback = info.message_default_autoreply_info;
  if (fallback?.type) {
    const item = fromReplies({ from: 'default', keyword: '@default', match: 'exact' }, [fallback]);
    items.push(info.is_autoreply_open === 1 ? item : { ...item, status: 'skipped', notes: [note('switchedOff', '收到消息回复 is switched off in the back office'), ...item.notes] });
  }
  const seen = new Set(items.map((i) => normalizeKeyword(i.keyword)));
  for (const rule of info.keyword_autoreply_info?.list ?? []) {
    const random = rule.reply_mode === 'random_one' && (rule.reply_list_info?.length ?? 0) > 1 ? [note('randomOne', 'the back office answered one of these replies at random')] : [];
    for (const keyword of rule.keyword_list_info ?? []) {
      const text = (keyword.content ?? '').trim();
      const base = { from: 'keyword' as const, ...(rule.rule_name ? { ruleName: rule.rule_name } : {}), keyword: text, match: matchOf(keyword.match_mode) };
      const normalized = normalizeKeyword(text);
      if (!text || text.startsWith('@') || normalized.length > 128) {
        items.push({ ...base, status: 'skipped', notes: [note('badKeyword', `keyword: "${text}" cannot be a keyword here (empty, longer than 128 characters, or starting with @)`)] });
        continue;
      }
      if (seen.has(normalized)) {
        items.push({ ...base, status: 'skipped', notes: [note('duplicate', 'keyword: listed by an earlier back-office rule; that one is imported')] });
        continue;
      }
      seen.add(normalized);
      items.push(fromReplies(base, rule.reply_list_info ?? [], random));
    }
  }
  return items;
};

/** Marks the items whose keyword already has a rule here (those are never overwritten). */
const markExisting = async (appid: string, items: ImportItem[]): Promise<ImportItem[]> =>
  Promise.all(
    items.map(async (item) =>
      item.status === 'new' && (await getRule(appid, normalizeKeyword(item.keyword)))
        ? { ...item, status: 'exists' as const, notes: [...item.notes, note('exists', 'a rule for this keyword exists here already; it is kept as it is')] }
        : item,
    ),
  );

export const importAutoreplies = async (account: Account, mode: 'preview' | 'import') => {
  const info = await getCurrentAutoreplies(account);
  let items = await markExisting(account.appid, planImport(info));
  if (mode === 'import') {
    const done: ImportItem[] = [];
    for (const item of items) {
      if (item.status !== 'new') {
        done.push(item);
        continue;
      }
      try {
        const reply = parseReply(item.type!, item.reply);
        await saveRule(account.appid, { keyword: item.keyword, match: item.match, reply }, 'create');
        done.push({ ...item, status: 'imported' });
      } catch (error) {
        // Written meanwhile (another tab, the editor): kept, as any existing rule.
        if ((error instanceof DataError && error.kind === 'conflict') || (error instanceof AppError && error.errcode === ErrorCode.conflict)) done.push({ ...item, status: 'exists', notes: [...item.notes, note('exists', 'a rule for this keyword was added meanwhile; it is kept as it is')] });
        else throw error;
      }
    }
    items = done;
  }
  return {
    mode,
    addFriendReplyOpen: info.is_add_friend_reply_open === 1,
    autoReplyOpen: info.is_autoreply_open === 1,
    items,
    imported: items.filter((i) => i.status === 'imported').length,
  };
};
