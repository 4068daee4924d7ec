import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { putInboxMessage } from '../support/inbox';
import { sim } from '../support/wechat-sim';

/**
 * The message inbox over HTTP (issue 15): the read side, handled marks, customer-service replies in
 * WeChat's 48-hour window, and media through the platform. Items are written in the callback's
 * shape by the test builder (test/support/inbox.ts).
 */
const as = (owner: UserWithAccount, path: string, json: Record<string, unknown> = {}) =>
  call(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

const now = () => Math.floor(Date.now() / 1000);
const hours = 3600;
const openidOf = (n: number) => `oFollower${n}${'x'.repeat(10)}`;
const sendCalls = async (appid: string) => (await sim.calls(appid))['cgi-bin/message/custom/send'] ?? 0;

/** Every page of a listing, following `next`. */
const allPages = async (owner: UserWithAccount, path: string, input: Record<string, unknown>) => {
  const pages: any[][] = [];
  let next: string | undefined;
  do {
    const res = await as(owner, path, { ...input, ...(next ? { next } : {}) });
    expect(res.body.errcode, res.text).toBe(0);
    pages.push(res.body.messages);
    next = res.body.next;
  } while (next && pages.length < 20);
  return pages;
};

describe('inbox listing', () => {
  it('lists newest first, a page at a time, every message once', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const t = now() - 10 * hours;
    const written = [];
    for (let i = 0; i < 7; i++) written.push(await putInboxMessage(owner.account.appid, { openid: openidOf(i % 2), msgType: 'text', content: `message ${i}`, createTime: t + i * 60 }));

    // Act
    const pages = await allPages(owner, '/apis/inbox/listMessages', { limit: 3 });

    // Assess
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((m) => m.id)).toEqual(written.map((w) => w.id).reverse());
    expect(pages[0]![0]).toMatchObject({
      direction: 'in',
      openid: openidOf(0),
      msgType: 'text',
      content: 'message 6',
      createTime: t + 360,
      handled: false,
      answer: { kind: 'none' },
    });
  });

  it('filters by type, event, follower, keyword and time range', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const t = now() - 20 * hours;
    const hello = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'text', content: '你好, opening hours?', createTime: t });
    const image = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'image', mediaId: 'M1', picUrl: 'http://mmbiz.qpic.cn/x/0', createTime: t + 100 });
    const click = await putInboxMessage(appid, { openid: openidOf(2), msgType: 'event', event: 'CLICK', eventKey: 'TODAY', createTime: t + 200 });
    const bye = await putInboxMessage(appid, { openid: openidOf(2), msgType: 'text', content: 'bye', createTime: t + 300 });

    const ids = async (filter: Record<string, unknown>) => (await as(owner, '/apis/inbox/listMessages', filter)).body.messages.map((m: any) => m.id);

    expect(await ids({ msgType: 'image' })).toEqual([image.id]);
    expect(await ids({ msgType: 'event', event: 'CLICK' })).toEqual([click.id]);
    expect(await ids({ openid: openidOf(1) })).toEqual([image.id, hello.id]);
    expect(await ids({ keyword: 'opening' })).toEqual([hello.id]);
    expect(await ids({ from: t + 100, to: t + 200 })).toEqual([click.id, image.id]);
    expect(await ids({ from: new Date((t + 250) * 1000).toISOString() })).toEqual([bye.id]);
    expect(await ids({ openid: openidOf(2), msgType: 'text' })).toEqual([bye.id]);
  });

  it('lists unhandled messages first when asked, and only unhandled or handled ones', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const t = now() - hours;
    const a = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'text', content: 'a', createTime: t, handled: false });
    const b = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'text', content: 'b', createTime: t + 1, handled: true });
    const c = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'text', content: 'c', createTime: t + 2, handled: false });
    const d = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'text', content: 'd', createTime: t + 3, handled: true });

    const unhandledFirst = (await allPages(owner, '/apis/inbox/listMessages', { unhandledFirst: true, limit: 1 })).flat().map((m) => m.id);
    const onlyHandled = (await as(owner, '/apis/inbox/listMessages', { handled: 'true' })).body.messages.map((m: any) => m.id);

    expect(unhandledFirst).toEqual([c.id, a.id, d.id, b.id]);
    expect(onlyHandled).toEqual([d.id, b.id]);
  });

  it("shows nothing past its retention, nothing of other accounts, and refuses another user's appid and a forged cursor", async () => {
    const owner = await userWithDirectAccount();
    const other = await userWithDirectAccount();
    await putInboxMessage(owner.account.appid, { openid: openidOf(1), msgType: 'text', content: 'expired', createTime: now() - 3 * 86_400, retentionDays: 2 });
    const kept = await putInboxMessage(owner.account.appid, { openid: openidOf(1), msgType: 'text', content: 'kept' });
    await putInboxMessage(other.account.appid, { openid: openidOf(1), msgType: 'text', content: 'theirs' });
    const forged = Buffer.from(JSON.stringify({ p: 0, s: 'ACCOUNT' })).toString('base64url');

    const mine = await as(owner, '/apis/inbox/listMessages');
    const foreign = await call('/apis/inbox/listMessages', { token: other.user.token, json: { appid: owner.account.appid } });
    const badCursor = await as(owner, '/apis/inbox/listMessages', { next: forged });

    expect(mine.body.messages.map((m: any) => m.id)).toEqual([kept.id]);
    expect(foreign.status).toBe(403);
    expect(foreign.body.errcode).toBe(40300);
    expect(badCursor.body).toMatchObject({ errcode: 40000, field: 'next' });
  });
});

describe('handled marks', () => {
  it('marks one or many handled and back, all or none: an id of another account is 40400 and changes nothing', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const other = await userWithDirectAccount();
    const a = await putInboxMessage(owner.account.appid, { openid: openidOf(1), msgType: 'text', content: 'a' });
    const b = await putInboxMessage(owner.account.appid, { openid: openidOf(1), msgType: 'voice', mediaId: 'V', format: 'amr' });
    const theirs = await putInboxMessage(other.account.appid, { openid: openidOf(1), msgType: 'text', content: 'x' });
    const handledIds = async () =>
      (await as(owner, '/apis/inbox/listMessages', { handled: true })).body.messages.map((m: any) => m.id).sort();

    // Act / Assess
    const mixed = await as(owner, '/apis/inbox/markHandled', { ids: [a.id, theirs.id] });
    expect(mixed.status).toBe(404);
    expect(mixed.body).toMatchObject({ errcode: 40400, msg: expect.stringContaining(theirs.id) });
    expect(await handledIds()).toEqual([]);

    const both = await call('/apis/inbox/markHandled', { token: owner.user.token, form: { appid: owner.account.appid, ids: `${a.id},${b.id}` } });
    expect(both.body).toEqual({ errcode: 0, msg: 'ok', ids: [a.id, b.id], handled: true });
    expect(await handledIds()).toEqual([a.id, b.id].sort());

    const undo = await as(owner, '/apis/inbox/markHandled', { ids: a.id, handled: false });
    expect(undo.body.errcode).toBe(0);
    expect(await handledIds()).toEqual([b.id]);

    const foreign = await call('/apis/inbox/markHandled', { token: other.user.token, json: { appid: owner.account.appid, ids: [b.id] } });
    expect(foreign.body.errcode).toBe(40300);
  });
});

describe('replies through the customer-service API', () => {
  it('a reply inside the 48-hour window reaches the follower, and the thread reads as a chat', async () => {
    // Prepare
    const owner = await userWithComponentAccount();
    const openid = openidOf(7);
    const asked = await putInboxMessage(owner.account.appid, { openid, msgType: 'text', content: '几点开门?', createTime: now() - 2 * hours });
    await sim.interaction(owner.account.appid, openid, asked.createTime);

    // Act
    const reply = await as(owner, '/apis/inbox/reply', { openid, type: 'text', content: '早上九点 9am' });
    const thread = await as(owner, '/apis/inbox/getConversation', { openid });
    const inbox = await as(owner, '/apis/inbox/listMessages');

    // Assess
    expect(reply.body, reply.text).toMatchObject({
      errcode: 0,
      message: { direction: 'out', openid, msgType: 'text', content: '早上九点 9am', sentBy: owner.user.id, handled: true },
      window: { state: 'open', lastMessageAt: asked.createTime, closesAt: asked.createTime + 48 * hours },
    });
    expect((await sim.received(owner.account.appid, openid)).messages).toEqual([{ touser: openid, msgtype: 'text', text: { content: '早上九点 9am' } }]);
    expect(thread.body.messages.map((m: any) => [m.direction, m.content])).toEqual([
      ['out', '早上九点 9am'],
      ['in', '几点开门?'],
    ]);
    expect(thread.body.window).toMatchObject({ state: 'open' });
    expect(inbox.body.messages.map((m: any) => m.id)).toEqual([asked.id]);
  });

  it('sends image, voice, video and news in WeChat’s shapes', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const openid = openidOf(8);
    // A message, not a follow: a follow allows 3 customer-service messages within a minute, and
    // these are 4 (developers.weixin.qq.com/doc/subscription/guide/product/kf/intro.md).
    await putInboxMessage(appid, { openid, msgType: 'text', content: 'show me', createTime: now() - 60 });
    await sim.interaction(appid, openid, now() - 60);
    const image = (await sim.issueMedia(appid, 'image')).media_id;
    const voice = (await sim.issueMedia(appid, 'voice')).media_id;
    const video = (await sim.issueMedia(appid, 'video')).media_id;
    const thumb = (await sim.issueMedia(appid, 'thumb')).media_id;
    const news = { title: 'Opening day', description: 'Come by', url: 'https://shop.example.com/open', picurl: 'https://shop.example.com/open.jpg' };

    const answers = [
      await as(owner, '/apis/inbox/reply', { openid, type: 'image', mediaId: image }),
      await as(owner, '/apis/inbox/reply', { openid, type: 'voice', mediaId: voice }),
      await as(owner, '/apis/inbox/reply', { openid, type: 'video', mediaId: video, thumbMediaId: thumb, title: 'Clip' }),
      await as(owner, '/apis/inbox/reply', { openid, type: 'news', ...news }),
    ];

    for (const res of answers) expect(res.body.errcode, res.text).toBe(0);
    expect((await sim.received(appid, openid)).messages).toEqual([
      { touser: openid, msgtype: 'image', image: { media_id: image } },
      { touser: openid, msgtype: 'voice', voice: { media_id: voice } },
      { touser: openid, msgtype: 'video', video: { media_id: video, thumb_media_id: thumb, title: 'Clip' } },
      { touser: openid, msgtype: 'news', news: { articles: [news] } },
    ]);
  });

  it('refuses outside the window without calling WeChat (40901): too old, or only a VIEW tap', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    await putInboxMessage(appid, { openid: openidOf(1), msgType: 'text', content: 'old', createTime: now() - 49 * hours });
    await putInboxMessage(appid, { openid: openidOf(2), msgType: 'event', event: 'VIEW', eventKey: 'https://shop.example.com/', createTime: now() - hours });
    const before = await sendCalls(appid);

    const old = await as(owner, '/apis/inbox/reply', { openid: openidOf(1), type: 'text', content: 'sorry for the wait' });
    const viewOnly = await as(owner, '/apis/inbox/reply', { openid: openidOf(2), type: 'text', content: 'hello' });
    const never = await as(owner, '/apis/inbox/reply', { openid: openidOf(3), type: 'text', content: 'hello' });
    const thread = await as(owner, '/apis/inbox/getConversation', { openid: openidOf(1) });

    for (const res of [old, viewOnly, never]) {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ errcode: 40901, field: 'openid' });
    }
    expect(await sendCalls(appid)).toBe(before);
    expect(thread.body.window).toEqual({ state: 'closed' });
  });

  it("maps WeChat's 45015 to 40901 when WeChat knows better than the inbox", async () => {
    // Prepare: the inbox shows a recent message, but WeChat (the simulator) holds no interaction.
    const owner = await userWithDirectAccount();
    const openid = openidOf(9);
    await putInboxMessage(owner.account.appid, { openid, msgType: 'text', content: 'hi', createTime: now() - hours });
    const before = await sendCalls(owner.account.appid);

    // Act
    const res = await as(owner, '/apis/inbox/reply', { openid, type: 'text', content: 'hello' });

    // Assess
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ errcode: 40901, wxerrcode: 45015 });
    expect(await sendCalls(owner.account.appid)).toBe(before + 1);
    expect((await as(owner, '/apis/inbox/getConversation', { openid })).body.messages).toHaveLength(1);
  });

  it('with a retention too short to tell (0 or 1 day) leaves the window to WeChat, and 0 records no reply', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const openid = openidOf(5);
    await sim.interaction(appid, openid, now() - 30 * hours);
    const settings = await as(owner, '/apis/accounts/updateSettings', { inboxRetentionDays: 0 });

    const sent = await as(owner, '/apis/inbox/reply', { openid, type: 'text', content: 'still here' });
    await as(owner, '/apis/accounts/updateSettings', { inboxRetentionDays: 1 });
    const refused = await as(owner, '/apis/inbox/reply', { openid: openidOf(6), type: 'text', content: 'hello?' });

    expect(settings.body).toMatchObject({ errcode: 0, inboxRetentionDays: 0 });
    expect(sent.body).toEqual({ errcode: 0, msg: 'ok', window: { state: 'unknown' } });
    expect((await sim.received(appid, openid)).messages).toHaveLength(1);
    expect((await as(owner, '/apis/inbox/getConversation', { openid })).body.messages).toEqual([]);
    expect(refused.body).toMatchObject({ errcode: 40901, wxerrcode: 45015 });
  });

  it("answers 40300 for another user's appid, without calling WeChat", async () => {
    const owner = await userWithDirectAccount();
    const other = await userWithDirectAccount();
    await putInboxMessage(owner.account.appid, { openid: openidOf(1), msgType: 'text', content: 'hi' });

    const res = await call('/apis/inbox/reply', { token: other.user.token, json: { appid: owner.account.appid, openid: openidOf(1), type: 'text', content: 'x' } });
    const thread = await call('/apis/inbox/getConversation', { token: other.user.token, json: { appid: owner.account.appid, openid: openidOf(1) } });

    expect(res.body.errcode).toBe(40300);
    expect(thread.body.errcode).toBe(40300);
    expect(await sendCalls(owner.account.appid)).toBe(0);
  });
});

describe('inbox retention setting', () => {
  it('defaults to 5 days, takes 0 to 90, keeps the domains when only it changes', async () => {
    const owner = await userWithDirectAccount();
    const domains = await as(owner, '/apis/accounts/updateSettings', { domains: 'shop.example.com' });

    const set = await call('/apis/accounts/updateSettings', { token: owner.user.token, form: { appid: owner.account.appid, inboxRetentionDays: '30' } });
    const tooLong = await as(owner, '/apis/accounts/updateSettings', { inboxRetentionDays: 91 });
    const negative = await as(owner, '/apis/accounts/updateSettings', { inboxRetentionDays: -1 });
    const nothing = await as(owner, '/apis/accounts/updateSettings', {});

    expect(domains.body).toEqual({ errcode: 0, msg: 'ok', appid: owner.account.appid, domains: ['shop.example.com'], inboxRetentionDays: 5 });
    expect(set.body).toEqual({ errcode: 0, msg: 'ok', appid: owner.account.appid, domains: ['shop.example.com'], inboxRetentionDays: 30 });
    expect(tooLong.body).toMatchObject({ errcode: 40000, field: 'inboxRetentionDays' });
    expect(negative.body).toMatchObject({ errcode: 40000, field: 'inboxRetentionDays' });
    expect(nothing.body).toMatchObject({ errcode: 40000, field: 'domains', rule: 'settings.nothingToChange' });
  });
});

describe('media through the platform', () => {
  it("streams a message's image to its owner with WeChat's bytes and type, and a video's cover", async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const image = (await sim.issueMedia(appid, 'image', 50_000)).media_id;
    const video = (await sim.issueMedia(appid, 'video')).media_id;
    const thumb = (await sim.issueMedia(appid, 'thumb')).media_id;
    const pic = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'image', mediaId: image, picUrl: 'http://mmbiz.qpic.cn/x/0' });
    const clip = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'video', mediaId: video, thumbMediaId: thumb });

    // Act
    const res = await fetch(new URL(`/apis/inbox/media?appid=${appid}&id=${pic.id}`, inject('baseUrl')), { headers: { authorization: `Bearer ${owner.user.token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const cover = await fetch(new URL(`/apis/inbox/media?appid=${appid}&id=${clip.id}&part=thumb`, inject('baseUrl')), { headers: { authorization: `Bearer ${owner.user.token}` } });
    const { access_token } = await sim.tokens(appid);
    const original = Buffer.from(await (await fetch(`${inject('wechatBase')}/cgi-bin/media/get?access_token=${access_token}&media_id=${image}`)).arrayBuffer());

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(bytes.length).toBe(50_000);
    expect(bytes.equals(original)).toBe(true);
    expect(cover.status).toBe(200);
    expect(cover.headers.get('content-type')).toBe('image/jpeg');
  });

  it('answers 41300 for media over the 4 MB the platform relays (the download is cut off, not a 50200)', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const big = (await sim.issueMedia(appid, 'image', 5 * 1024 * 1024)).media_id;
    const pic = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'image', mediaId: big });

    const res = await call('/apis/inbox/media', { token: owner.user.token, query: { appid, id: pic.id } });

    expect(res.status, res.text).toBe(413);
    expect(res.body).toMatchObject({ errcode: 41300, field: 'id' });
  });

  it("follows WeChat's download link for a video and relays its bytes", async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const video = (await sim.issueMedia(appid, 'video', 20_000)).media_id;
    const clip = await putInboxMessage(appid, { openid: openidOf(1), msgType: 'video', mediaId: video });

    const res = await fetch(new URL(`/apis/inbox/media?appid=${appid}&id=${clip.id}`, inject('baseUrl')), { headers: { authorization: `Bearer ${owner.user.token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const { access_token } = await sim.tokens(appid);
    const link = (await (await fetch(`${inject('wechatBase')}/cgi-bin/media/get?access_token=${access_token}&media_id=${video}`)).json()) as { video_url: string };

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(bytes.length).toBe(20_000);
    expect(bytes.equals(Buffer.from(await (await fetch(link.video_url)).arrayBuffer()))).toBe(true);
  });

  it('answers 40100 without a token, 40300 to another user, 40400 for a message without media or of another account', async () => {
    const owner = await userWithDirectAccount();
    const other = await userWithDirectAccount();
    const image = (await sim.issueMedia(owner.account.appid, 'image')).media_id;
    const pic = await putInboxMessage(owner.account.appid, { openid: openidOf(1), msgType: 'image', mediaId: image });
    const words = await putInboxMessage(owner.account.appid, { openid: openidOf(1), msgType: 'text', content: 'no media' });
    const theirs = await putInboxMessage(other.account.appid, { openid: openidOf(1), msgType: 'image', mediaId: image });
    const get = (token: string | undefined, appid: string, id: string) => call('/apis/inbox/media', { ...(token ? { token } : {}), query: { appid, id } });

    expect((await get(undefined, owner.account.appid, pic.id)).body.errcode).toBe(40100);
    expect((await get(other.user.token, owner.account.appid, pic.id)).body.errcode).toBe(40300);
    expect((await get(owner.user.token, owner.account.appid, words.id)).body.errcode).toBe(40400);
    expect((await get(owner.user.token, owner.account.appid, theirs.id)).body.errcode).toBe(40400);
  });

  it('answers 40400 when WeChat no longer holds the media (40007 after 3 days)', async () => {
    const owner = await userWithDirectAccount();
    const gone = await putInboxMessage(owner.account.appid, { openid: openidOf(1), msgType: 'voice', mediaId: 'EXPIRED_MEDIA_ID', format: 'amr' });

    const res = await call('/apis/inbox/media', { token: owner.user.token, query: { appid: owner.account.appid, id: gone.id } });

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ errcode: 40400, msg: expect.stringMatching(/3 days/) });
  });
});
