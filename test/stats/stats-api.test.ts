import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/stats/days';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * The statistics routes over real HTTP, fed end to end: the simulator delivers followers' messages
 * and events to the callback, the local record stream runs the consumer and its plug-ins, and the
 * routes read what they counted. Events: developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
const today = () => shanghaiDay(Date.now());

const as = (owner: UserWithAccount, path: string, json: Record<string, unknown> = {}) =>
  call(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

const deliver = (owner: UserWithAccount, message: Record<string, string>) =>
  sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message });

/** The stream is asynchronous: wait until the counters reach what was sent. */
const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 300));
  }
};

describe('statistics routes', () => {
  it('counts what followers send and lists the texts no keyword answered, most frequent first', async () => {
    // Prepare: a keyword rule; followers ask it once, ask about refunds twice (in two spellings) and invoices once
    const owner = await userWithDirectAccount();
    const added = await as(owner, '/apis/wxreplymanage/addReply', { request: '营业时间', match: 'exact', type: 'text', reply: { content: '9:00-18:00' } });
    expect(added.body.errcode).toBe(0);
    for (const content of ['营业时间', '怎么退款', ' 怎么退款', '发票']) await deliver(owner, { MsgType: 'text', Content: content });

    // Act
    const range = { from: today(), to: today() };
    const overview = await eventually(
      () => as(owner, '/apis/stats/overview', range),
      (r) => r.body.messages?.texts === 4,
    );
    const unmatched = await as(owner, '/apis/stats/unmatched', range);
    const days = await as(owner, '/apis/stats/messages', range);

    // Assess
    expect(overview.body, overview.text).toMatchObject({ errcode: 0, messages: { messages: 4, texts: 4, keywordHits: 1, unmatched: 3, replied: 1, hitRate: 0.25 } });
    expect(unmatched.body.texts).toEqual([
      { text: '怎么退款', count: 2, lastDay: today() },
      { text: '发票', count: 1, lastDay: today() },
    ]);
    expect(days.body.days).toEqual([expect.objectContaining({ day: today(), messages: 4, unmatched: 3 })]);
  }, 60_000);

  it('counts taps per menu button and lists QR codes with the scans and new followers of their scene', async () => {
    // Prepare: a permanent code for scene "spring" made here; taps on two buttons; one new
    // follower through the code, two scans by followers who already follow
    const owner = await userWithDirectAccount();
    const made = await call('/apis/wxplatform/qrcode', { token: owner.user.token, form: { appid: owner.account.appid, sceneId: 'spring' } });
    expect(made.body, made.text).toMatchObject({ errcode: 0 });
    await deliver(owner, { MsgType: 'event', Event: 'CLICK', EventKey: 'V1001_TODAY' });
    await deliver(owner, { MsgType: 'event', Event: 'CLICK', EventKey: 'V1001_TODAY' });
    await deliver(owner, { MsgType: 'event', Event: 'VIEW', EventKey: 'https://example.com/shop' });
    await deliver(owner, { MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_spring', Ticket: made.body.ticket });
    await deliver(owner, { MsgType: 'event', Event: 'SCAN', EventKey: 'spring', Ticket: made.body.ticket });
    await deliver(owner, { MsgType: 'event', Event: 'SCAN', EventKey: 'spring', Ticket: made.body.ticket });

    // Act
    const range = { from: addDays(today(), -6), to: today() };
    const list = await eventually(
      () => as(owner, '/apis/wxplatform/listQrcodes'),
      (r) => r.body.qrcodes?.[0]?.scans === 3,
    );
    const menus = await eventually(
      () => as(owner, '/apis/stats/menus', range),
      (r) => r.body.buttons?.[0]?.taps === 2,
    );
    const scenes = await as(owner, '/apis/stats/qrcodes', range);

    // Assess
    expect(list.body, list.text).toMatchObject({
      errcode: 0,
      qrcodes: [{ scene: 'spring', action: 'QR_LIMIT_STR_SCENE', scans: 3, followers: 1, expired: false, qrcodeUrl: expect.stringContaining(encodeURIComponent(made.body.ticket)) }],
    });
    expect(list.body.qrcodes[0]).not.toHaveProperty('expiresAt');
    expect(menus.body.buttons).toEqual([
      { key: 'V1001_TODAY', event: 'click', taps: 2 },
      { key: 'https://example.com/shop', event: 'view', taps: 1 },
    ]);
    expect(scenes.body.scenes).toEqual([{ scene: 'spring', scans: 3, followers: 1 }]);
  }, 60_000);

  it('refuses a malformed date, a reversed range and one longer than a year, naming the field', async () => {
    const owner = await userWithDirectAccount();

    const answers = await Promise.all([
      as(owner, '/apis/stats/overview', { from: '2026-02-30', to: '2026-03-01' }),
      as(owner, '/apis/stats/followers', { from: '2026-12-02', to: '2026-12-01' }),
      as(owner, '/apis/stats/messages', { from: '2025-01-01', to: '2026-12-01' }),
      as(owner, '/apis/stats/unmatched', { from: '2026-12-01', to: '2026-12-01', limit: 500 }),
    ]);

    expect(answers.map((a) => [a.body.errcode, a.body.field, a.body.rule])).toEqual([
      [40000, 'from', 'format.date'],
      [40000, 'to', 'stats.rangeOrder'],
      [40000, 'to', 'stats.rangeTooLong'],
      [40000, 'limit', 'max'],
    ]);
    expect(answers[2]!.body).toMatchObject({ limit: 366, given: 700 });
  });
});
