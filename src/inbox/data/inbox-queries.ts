import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { InvalidReference, ItemNotFound } from '../../core/data/errors';
import { cancellationReasons, db, epochSeconds, table } from '../../core/data/client';
import { conversationPk, inboxPk, inboxSk } from './messages';
import { tableDesign } from '../../core/data/table-design';
import { newestFirst } from '../order';

/**
 * The message inbox, read side (team decision 2). The callback writes one item per message or
 * event, which is also its de-duplication record; this module lists, reads and marks them, and
 * records the replies sent from the console in the same partition, so a thread reads as a chat:
 *   INBOX#<appid> / MSG#<CreateTime, 10 digits>#<32 hex>      newest first = ScanIndexForward false
 *   gsi1: INBOX#<appid>#<openid> / (same sort key)             one follower's conversation
 * A message's public id is its sort key without the prefix: `<10 digits>-<32 hex>`.
 */
export interface InboxItem {
  appid: string;
  openid: string;
  /** Absent on what followers sent (the callback's items); 'out' on replies sent from the platform. */
  direction?: 'in' | 'out';
  msgType: string;
  event?: string;
  eventKey?: string;
  content?: string;
  mediaId?: string;
  thumbMediaId?: string;
  picUrl?: string;
  format?: string;
  recognition?: string;
  location?: { x: string | number; y: string | number; scale?: string | number; label?: string };
  link?: { title: string; description: string; url: string };
  /** Replies: title, description, url, picurl of a news article; title/description of a video. */
  title?: string;
  description?: string;
  url?: string;
  msgId?: string;
  createTime: number;
  receivedAt: string;
  answer?: { kind: 'passive' | 'custom' | 'none'; replyType?: string; summary?: string; xml?: string };
  state?: 'done' | 'pending';
  handled: boolean;
  /** Who sent a reply (user id). */
  sentBy?: string;
  ttl?: number;
}

export type InboxMessage = Omit<InboxItem, 'ttl' | 'answer'> & {
  id: string;
  direction: 'in' | 'out';
  answer?: Omit<NonNullable<InboxItem['answer']>, 'xml'> & { mediaId?: string; title?: string };
};

const gsi = tableDesign.indexes.gsi1;
const idPattern = /^(\d{10})-([0-9a-f]{32})$/;

export const isMessageId = (id: string) => idPattern.test(id);
const skOf = (id: string) => {
  const m = idPattern.exec(id);
  if (!m) throw new InvalidReference(`id: ${id} is not a message id`);
  return `MSG#${m[1]}#${m[2]}`;
};
const idOf = (sk: string) => sk.replace(/^MSG#(\d{10})#([0-9a-f]{32})$/, '$1-$2');

const cdata = (xml: string | undefined, tag: string): string | undefined => (xml ? new RegExp(`<${tag}><!\\[CDATA\\[([\\s\\S]*?)\\]\\]></${tag}>`).exec(xml)?.[1] : undefined);

/**
 * What an answer sent, for a reader: the material a media reply used (from the passive reply's XML,
 * or a late image or voice reply's summary `image <media_id>`), so the console can name the file instead of
 * showing its id.
 */
const answerMedia = (answer: NonNullable<InboxItem['answer']>): { mediaId?: string; title?: string } => {
  if (!['image', 'voice', 'video'].includes(answer.replyType ?? '')) return {};
  const mediaId = cdata(answer.xml, 'MediaId') ?? /^(?:image|voice) (\S+)$/.exec(answer.summary ?? '')?.[1];
  const title = cdata(answer.xml, 'Title');
  return { ...(mediaId ? { mediaId } : {}), ...(title ? { title } : {}) };
};

const toMessage = (item: Record<string, any>): InboxMessage => {
  const { pk: _pk, sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, ttl: _ttl, answer, ...rest } = item;
  const { xml: _xml, ...answerView } = (answer ?? {}) as NonNullable<InboxItem['answer']>;
  return {
    id: idOf(sk as string),
    ...(rest as Omit<InboxItem, 'ttl' | 'answer'>),
    direction: rest['direction'] === 'out' ? 'out' : 'in',
    ...(answer ? { answer: { ...answerView, ...answerMedia(answer as NonNullable<InboxItem['answer']>) } } : {}),
  };
};

export interface InboxFilter {
  /** WeChat's MsgType: text, image, voice, video, shortvideo, location, link, event. */
  msgType?: string;
  /** WeChat's Event (subscribe, CLICK, VIEW…), case as WeChat sends it. */
  event?: string;
  openid?: string;
  /** Text content containing this (case-sensitive, as DynamoDB's contains). */
  keyword?: string;
  /** Epoch seconds, inclusive. */
  from?: number;
  to?: number;
  handled?: boolean;
  /** Unhandled messages first (each part newest first). */
  unhandledFirst?: boolean;
  /** Include the replies sent from the platform (a conversation does; the inbox list does not). */
  withReplies?: boolean;
}

interface Cursor {
  /** Phase of an unhandled-first listing: 0 unhandled, 1 handled. */
  p: 0 | 1;
  /** Sort key of the last item answered (absent: the phase starts from the newest). */
  s?: string;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** Only the phase and a sort key travel: the partition comes from the caller's account, never from the cursor. */
const decodeCursor = (next: string): Cursor => {
  try {
    const c = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as Cursor;
    if ((c.p === 0 || c.p === 1) && (c.s === undefined || (typeof c.s === 'string' && /^MSG#\d{10}#[0-9a-f]{32}$/.test(c.s)))) return c;
  } catch {
    // fall through
  }
  throw new InvalidReference('next: is not a cursor this listing gave');
};

/** DynamoDB reads at most this many items per request of ours (filters apply after reading). */
const maxQueriesPerPage = 8;

export const listInbox = async (
  appid: string,
  filter: InboxFilter,
  limit: number,
  next?: string,
): Promise<{ messages: InboxMessage[]; next?: string }> => {
  const cursor = next ? decodeCursor(next) : undefined;
  const phases: (boolean | undefined)[] = filter.unhandledFirst && filter.handled === undefined ? [false, true] : [filter.handled];
  let phase = cursor?.p ?? 0;
  let startSk = cursor?.s;
  const messages: InboxMessage[] = [];
  let queries = 0;
  while (phase < phases.length) {
    const page = await queryPage(appid, filter, phases[phase], startSk, limit - messages.length);
    queries += page.queries;
    // A page's keys rank one second's messages by a hash: each page is put in the order they happened.
    messages.push(...page.items.map(toMessage).sort(newestFirst));
    if (messages.length >= limit || (page.lastSk && queries >= maxQueriesPerPage)) {
      if (page.lastSk) return { messages, next: encodeCursor({ p: phase as 0 | 1, s: page.lastSk }) };
      return phase + 1 < phases.length ? { messages, next: encodeCursor({ p: 1 }) } : { messages };
    }
    phase += 1;
    startSk = undefined;
  }
  return { messages };
};

/**
 * Reads up to `wanted` matching items after `startSk`, several queries if the filters skip many;
 * `lastSk` is where to go on from (absent: nothing more in this phase).
 */
const queryPage = async (
  appid: string,
  filter: InboxFilter,
  handled: boolean | undefined,
  startSk: string | undefined,
  wanted: number,
): Promise<{ items: Record<string, any>[]; lastSk?: string; queries: number }> => {
  const names: Record<string, string> = { '#pk': filter.openid ? gsi.partitionKey : 'pk', '#sk': filter.openid ? gsi.sortKey : 'sk', '#ttl': 'ttl', '#type': 'type' };
  const values: Record<string, unknown> = {
    ':pk': filter.openid ? conversationPk(appid, filter.openid) : inboxPk(appid),
    ':now': epochSeconds(),
    ':inboxType': 'inboxMessage',
  };
  let keyCondition = '#pk = :pk AND begins_with(#sk, :msg)';
  values[':msg'] = 'MSG#';
  if (filter.from !== undefined || filter.to !== undefined) {
    delete values[':msg'];
    keyCondition = '#pk = :pk AND #sk BETWEEN :lo AND :hi';
    values[':lo'] = `MSG#${String(filter.from ?? 0).padStart(10, '0')}#`;
    values[':hi'] = `MSG#${String(filter.to ?? 9_999_999_999).padStart(10, '0')}#g`;
  }
  const filters = ['#type = :inboxType', '(attribute_not_exists(#ttl) OR #ttl > :now)'];
  if (!filter.withReplies) {
    names['#dir'] = 'direction';
    values[':out'] = 'out';
    filters.push('(attribute_not_exists(#dir) OR #dir <> :out)');
  }
  if (filter.msgType) {
    names['#mt'] = 'msgType';
    values[':mt'] = filter.msgType;
    filters.push('#mt = :mt');
  }
  if (filter.event) {
    names['#ev'] = 'event';
    values[':ev'] = filter.event;
    filters.push('#ev = :ev');
  }
  if (filter.keyword) {
    names['#content'] = 'content';
    values[':kw'] = filter.keyword;
    filters.push('contains(#content, :kw)');
  }
  if (handled !== undefined) {
    names['#handled'] = 'handled';
    values[':handled'] = handled;
    filters.push('#handled = :handled');
  }
  const base: QueryCommandInput = {
    TableName: table(),
    ...(filter.openid ? { IndexName: gsi.name } : {}),
    KeyConditionExpression: keyCondition,
    FilterExpression: filters.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  };
  const startKey = (sk: string) =>
    filter.openid
      ? { pk: inboxPk(appid), sk, [gsi.partitionKey]: conversationPk(appid, filter.openid), [gsi.sortKey]: sk }
      : { pk: inboxPk(appid), sk };
  const items: Record<string, any>[] = [];
  let exclusive = startSk;
  let queries = 0;
  while (queries < maxQueriesPerPage) {
    queries += 1;
    const page = await db.send(new QueryCommand({ ...base, Limit: Math.max(wanted - items.length, 25), ...(exclusive ? { ExclusiveStartKey: startKey(exclusive) } : {}) }));
    for (const item of page.Items ?? []) {
      if (items.length < wanted) items.push(item);
      else return { items, lastSk: items[items.length - 1]!['sk'] as string, queries };
    }
    const last = page.LastEvaluatedKey?.['sk'] as string | undefined;
    if (!last) return { items, queries };
    if (items.length >= wanted) return { items, lastSk: items[items.length - 1]!['sk'] as string, queries };
    exclusive = last;
  }
  return { items, ...(exclusive ? { lastSk: exclusive } : {}), queries };
};

export const getInboxMessage = async (appid: string, id: string): Promise<InboxMessage | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: { pk: inboxPk(appid), sk: skOf(id) } }));
  if (!Item || Item['type'] !== 'inboxMessage' || (typeof Item['ttl'] === 'number' && Item['ttl'] <= epochSeconds())) return undefined;
  return toMessage(Item);
};

/** Marks messages handled (or not), all or none: an id that is not this account's message answers 40400. */
export const setHandled = async (appid: string, ids: string[], handled: boolean): Promise<void> => {
  const unique = [...new Set(ids)];
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: unique.map((id) => ({
          Update: {
            TableName: table(),
            Key: { pk: inboxPk(appid), sk: skOf(id) },
            UpdateExpression: 'SET #handled = :handled',
            ConditionExpression: 'attribute_exists(pk) AND #type = :inboxType',
            ExpressionAttributeNames: { '#handled': 'handled', '#type': 'type' },
            ExpressionAttributeValues: { ':handled': handled, ':inboxType': 'inboxMessage' },
          },
        })),
      }),
    );
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons) {
      const missing = unique.filter((_, i) => reasons[i] === 'ConditionalCheckFailed');
      if (missing.length) throw new ItemNotFound(`ids: no message ${missing.join(', ')} in this account's inbox`);
    }
    throw error;
  }
};

/**
 * The newest message of each kind `kindOf` tells (undefined: not wanted) that a follower sent at or
 * after `since` (epoch s), while the inbox still holds them: what the customer-service quota is
 * checked against when the record stream has not fed it yet.
 */
export const newestOfKinds = async <K extends string>(
  appid: string,
  openid: string,
  since: number,
  kindOf: (item: InboxMessage) => K | undefined,
  kinds: number,
): Promise<Map<K, InboxMessage>> => {
  const found = new Map<K, InboxMessage>();
  let start: Record<string, any> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: table(),
        IndexName: gsi.name,
        KeyConditionExpression: '#pk = :pk AND #sk >= :since',
        ExpressionAttributeNames: { '#pk': gsi.partitionKey, '#sk': gsi.sortKey },
        ExpressionAttributeValues: { ':pk': conversationPk(appid, openid), ':since': `MSG#${String(since).padStart(10, '0')}#` },
        ScanIndexForward: false,
        Limit: 50,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const m of (page.Items ?? []).filter((i) => i['type'] === 'inboxMessage').map(toMessage)) {
      const kind = m.direction === 'in' ? kindOf(m) : undefined;
      if (kind !== undefined && !found.has(kind)) found.set(kind, m);
    }
    if (found.size >= kinds) return found;
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
};

export type OutboundReply = Pick<InboxItem, 'openid' | 'msgType' | 'content' | 'mediaId' | 'thumbMediaId' | 'title' | 'description' | 'url' | 'picUrl' | 'sentBy'>;

/** A reply sent from the platform, in the follower's thread (kept as long as the inbox keeps messages). */
export const recordReply = async (appid: string, reply: OutboundReply, retentionDays: number): Promise<InboxMessage> => {
  const now = new Date();
  const createTime = epochSeconds(now);
  const sk = inboxSk(createTime, `out:${randomUUID()}`);
  const item = {
    pk: inboxPk(appid),
    sk,
    [gsi.partitionKey]: conversationPk(appid, reply.openid),
    [gsi.sortKey]: sk,
    type: 'inboxMessage',
    appid,
    direction: 'out' as const,
    ...reply,
    createTime,
    receivedAt: now.toISOString(),
    answer: { kind: 'none' as const },
    state: 'done' as const,
    handled: true,
    ttl: createTime + retentionDays * 86_400,
  };
  await db.send(new PutCommand({ TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  return toMessage(item);
};
