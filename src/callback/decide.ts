import type { InboxAnswer, InboxMessage } from '../inbox/data/messages';
import { matchSubscribe, matchText, type MatchableRule, type RuleSet } from '../replies/matcher';
import type { Reply } from '../replies/reply-schema';
import { buildReplyXml, maxArticlesFor, replySummary, textReplyXml } from '../replies/reply-xml';
import { field, type WechatXml } from '../wechat/xml';
import { releaseTestAction } from './release-test';
import { keyedTypes } from '../menus/button-types';

/**
 * What to answer a message, decided in memory from the message and the account's compiled rules
 * (pure: no I/O, the clock passed in). The caller records the decision and answers it.
 */
export type Decision =
  | { kind: 'passive'; xml: string; answer: InboxAnswer; reply?: Reply; maxArticles: number; normalizedKeyword?: string }
  | { kind: 'none'; answer: InboxAnswer }
  /** A side effect after the answer (release test): handed to the asynchronous path. */
  | { kind: 'queryAuthCode'; authCode: string; answer: InboxAnswer };

/** Menu events answered by the rule of their EventKey (a `view` only opens a page: not answered). */
export const keyedMenuEvents: ReadonlySet<string> = keyedTypes;

const none: Decision = { kind: 'none', answer: { kind: 'none' } };

/** The rule for a message, and whether it answers an event (which allows up to 8 news articles). */
export const ruleFor = (message: WechatXml, rules: RuleSet): { rule: MatchableRule | undefined; answering: 'message' | 'event' } => {
  const type = field(message, 'MsgType');
  if (type !== 'event') return { rule: matchText(rules, type === 'text' ? field(message, 'Content') : ''), answering: 'message' };
  const event = field(message, 'Event').toLowerCase();
  if (event === 'subscribe') {
    const scene = field(message, 'EventKey').replace(/^qrscene_/, '');
    return { rule: matchSubscribe(rules, scene || undefined), answering: 'event' };
  }
  if (keyedMenuEvents.has(event)) return { rule: matchText(rules, field(message, 'EventKey')), answering: 'event' };
  return { rule: undefined, answering: 'event' };
};

export const passiveOf = (reply: Reply, message: WechatXml, answering: 'message' | 'event', now: number): Decision => {
  const maxArticles = maxArticlesFor(answering);
  const xml = buildReplyXml(reply, field(message, 'FromUserName'), field(message, 'ToUserName'), now, maxArticles);
  return { kind: 'passive', xml, reply, maxArticles, answer: { kind: 'passive', replyType: reply.type, summary: replySummary(reply, maxArticles), xml } };
};

export const decide = (message: WechatXml, rules: RuleSet, context: { releaseTest: boolean; hasAccount: boolean; now: number }): Decision => {
  const to = field(message, 'FromUserName');
  const from = field(message, 'ToUserName');
  if (context.releaseTest) {
    const action = releaseTestAction(message);
    if (action.kind === 'text') {
      const xml = textReplyXml(action.content, to, from, context.now);
      return { kind: 'passive', xml, maxArticles: 1, answer: { kind: 'passive', replyType: 'text', summary: action.content, xml } };
    }
    if (action.kind === 'queryAuthCode') {
      return { kind: 'queryAuthCode', authCode: action.authCode, answer: { kind: 'custom', replyType: 'text', summary: `${action.authCode}_from_api` } };
    }
    if (!context.hasAccount) return none;
  }
  const { rule, answering } = ruleFor(message, rules);
  if (!rule) return none;
  const decision = passiveOf(rule.reply, message, answering, context.now);
  // The rule's keyword travels on the recorded answer (same write): the statistics tell a keyword's
  // answer from @default's without another request.
  return decision.kind === 'passive' ? { ...decision, answer: { ...decision.answer, rule: rule.normalized }, normalizedKeyword: rule.normalized } : decision;
};

/** WeChat's job outcome events, whose fields the content and templates areas read from the record stream. */
const jobEvents: Readonly<Record<string, readonly string[]>> = {
  MASSSENDJOBFINISH: ['MsgID', 'Status', 'TotalCount', 'FilterCount', 'SentCount', 'ErrorCount'],
  PUBLISHJOBFINISH: [],
  TEMPLATESENDJOBFINISH: ['MsgID', 'Status'],
};

/** Flattens a job event's fields (PublishEventInfo's nested article_detail items become `article_url` in order). */
const jobOf = (message: WechatXml): Record<string, string | string[]> | undefined => {
  const names = jobEvents[field(message, 'Event')];
  if (!names) return undefined;
  const job: Record<string, string | string[]> = {};
  for (const name of names) job[name] = field(message, name);
  const info = message['PublishEventInfo'];
  if (info && typeof info === 'object' && !Array.isArray(info)) {
    for (const name of ['publish_id', 'publish_status', 'article_id', 'fail_idx']) job[name] = field(info, name);
    const detail = info['article_detail'];
    const items = detail && typeof detail === 'object' && !Array.isArray(detail) ? detail['item'] : undefined;
    const list = Array.isArray(items) ? items : items ? [items] : [];
    job['article_url'] = list.flatMap((item) => (item && typeof item === 'object' && !Array.isArray(item) ? [field(item, 'article_url')] : []));
  }
  return job;
};

/** The message as the inbox keeps it (only the fields its type has). */
export const inboxMessageOf = (appid: string, message: WechatXml): InboxMessage => {
  const text = (name: string) => field(message, name) || undefined;
  const msgType = field(message, 'MsgType');
  const createTime = Number(field(message, 'CreateTime'));
  const record: InboxMessage = {
    appid,
    openid: field(message, 'FromUserName'),
    msgType,
    createTime: Number.isSafeInteger(createTime) ? createTime : 0,
  };
  const optional: Partial<InboxMessage> = {
    event: text('Event'),
    eventKey: text('EventKey'),
    content: text('Content'),
    mediaId: text('MediaId'),
    picUrl: text('PicUrl'),
    format: text('Format'),
    recognition: text('Recognition'),
    msgId: text('MsgId'),
  };
  if (msgType === 'location') {
    optional.location = { x: field(message, 'Location_X'), y: field(message, 'Location_Y'), scale: field(message, 'Scale'), label: field(message, 'Label') };
  }
  const job = jobOf(message);
  if (job) optional.job = job;
  if (msgType === 'link') {
    optional.link = { title: field(message, 'Title'), description: field(message, 'Description'), url: field(message, 'Url') };
  }
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) (record as unknown as Record<string, unknown>)[name] = value;
  return record;
};
