import { normalizeKeyword } from '../replies/keywords';
import { ownDayWrite, qrDayWrite, tapWrite, unmatchedWrite, type CounterWrite, type OwnCounter } from '../stats/data/stats';
import { shanghaiDay } from '../stats/days';
import type { CallbackRecord, RecordPlugin } from './plugin';

/** Menu events WeChat pushes when a follower taps a button (the button's key in EventKey; `view`: its URL). */
const menuEvents = new Set(['click', 'view', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select', 'view_miniprogram']);

/**
 * The QR scene a push names: a follower who subscribes through a code comes with
 * `EventKey qrscene_<scene>`; one who already follows scans with `SCAN` and `EventKey <scene>`
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html).
 */
export const qrSceneOf = (event: string | undefined, eventKey: unknown): { scene: string; newFollower: boolean } | undefined => {
  if (typeof eventKey !== 'string' || eventKey === '') return undefined;
  const name = (event ?? '').toLowerCase();
  if (name === 'subscribe' && eventKey.startsWith('qrscene_') && eventKey.length > 'qrscene_'.length) return { scene: eventKey.slice('qrscene_'.length), newFollower: true };
  if (name === 'scan') return { scene: eventKey, newFollower: false };
  return undefined;
};

/** Whether a keyword rule (not @default, not @subscribe) answered: the callback records the rule's normalized keyword. */
const keywordAnswered = (answer: Record<string, any> | undefined) => typeof answer?.['rule'] === 'string' && !answer['rule'].startsWith('@');

/**
 * Our own numbers of each day (src/stats/data/stats.ts), from each message the callback records,
 * once (the consumer's mark): messages and events, how many got an answer and how many texts a
 * keyword rule answered, the texts none did (their words only when the inbox keeps them, and only
 * as long), taps per menu button, scans and new followers per QR scene.
 */
export const statsCountersFeed: RecordPlugin = {
  id: 'stats.counters',
  wants: {},
  entities: ['STATS'],
  handle: (record: CallbackRecord) => {
    if (record.item['direction'] === 'out' || !record.appid) return [];
    const createTime = Number(record.item['createTime']);
    const day = shanghaiDay((Number.isFinite(createTime) && createTime > 0 ? createTime : Date.now() / 1000) * 1000);
    const answer = record.item['answer'] as Record<string, any> | undefined;
    const counters: Partial<Record<OwnCounter, number>> = {};
    const writes: CounterWrite[] = [];
    const event = (record.event ?? '').toLowerCase();
    if (record.msgType === 'event') counters.events = 1;
    else counters.messages = 1;
    if (answer && answer['kind'] !== 'none' && record.msgType !== 'event') counters.replied = 1;
    if (record.msgType === 'text') {
      counters.texts = 1;
      if (keywordAnswered(answer)) counters.keywordHits = 1;
      else {
        counters.unmatched = 1;
        const content = record.item['content'];
        // A retention-0 mark holds no words: counted, never listed.
        if (record.kind === 'inboxMessage' && typeof content === 'string' && normalizeKeyword(content) !== '') {
          writes.push(unmatchedWrite(record.appid, day, normalizeKeyword(content).slice(0, 600), Number(record.item['ttl'])));
        }
      }
    }
    if (event === 'subscribe') counters.subscribes = 1;
    if (event === 'unsubscribe') counters.unsubscribes = 1;
    const eventKey = record.item['eventKey'];
    if (record.msgType === 'event' && menuEvents.has(event)) {
      counters.taps = 1;
      writes.push(tapWrite(record.appid, day, typeof eventKey === 'string' ? eventKey.slice(0, 1024) : '', event));
    }
    const qr = record.msgType === 'event' ? qrSceneOf(record.event, eventKey) : undefined;
    if (qr) {
      counters.scans = 1;
      writes.push(qrDayWrite(record.appid, day, qr.scene, qr.newFollower));
    }
    const own = ownDayWrite(record.appid, day, counters);
    return own ? [own, ...writes] : writes;
  },
};
