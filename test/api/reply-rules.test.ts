import { describe, expect, it } from 'vitest';
import { userWithDirectAccount } from '../support/accounts';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';

/** Reply-rule CRUD over HTTP (SPEC §4 "Reply rules"), every type, the seed's aliases and bad input. */
const add = (token: string, form: Record<string, string>) => call('/apis/wxreplymanage/addReply', { token, form });
const list = (token: string, form: Record<string, string> = {}) => call('/apis/wxreplymanage/listReply', { token, form });
const json = (value: unknown) => JSON.stringify(value);

const article = (n: number) => ({ title: `T${n}`, description: `D${n}`, picurl: `https://img.example.com/${n}.jpg`, url: `https://example.com/${n}` });

/** Each type as the seed writes it (aliases included), and how listReply shows it back. */
const cases = [
  { type: 'text', reply: { type: 'text', content: '你好, welcome' }, shown: { type: 'text', content: '你好, welcome' } },
  { type: 'image', reply: { type: 'image', content: { mediald: 'IMG_1' } }, shown: { type: 'image', content: { mediaId: 'IMG_1' } } },
  { type: 'voice', reply: { type: 'voice', content: { mediaId: 'VOICE_1' } }, shown: { type: 'voice', content: { mediaId: 'VOICE_1' } } },
  {
    type: 'vedio',
    reply: { type: 'vedio', content: { title: 'Clip', description: 'A clip', mediald: 'VID_1' } },
    shown: { type: 'video', content: { title: 'Clip', description: 'A clip', mediaId: 'VID_1' } },
  },
  {
    type: 'music',
    reply: { title: 'Song', musicUrl: 'https://music.example.com/a.mp3', thumbMediald: 'THUMB_1' },
    shown: { type: 'music', content: { title: 'Song', description: '', musicUrl: 'https://music.example.com/a.mp3', thumbMediaId: 'THUMB_1' } },
  },
  { type: 'multitext', reply: article(1), shown: { type: 'multitext', content: { articles: [article(1)] } } },
  {
    type: 'multitext',
    reply: [article(1), article(2), article(3)],
    shown: { type: 'multitext', content: { articles: [article(1), article(2), article(3)] } },
  },
];

describe('reply rules', () => {
  it('adds a rule of every type (seed aliases included) and lists it back in canonical shape', async () => {
    // Prepare
    const { user } = await userWithDirectAccount();

    // Act: form bodies with `reply` as a JSON string, as the seed sends them
    const answers = await Promise.all(cases.map((c, i) => add(user.token, { type: c.type, reply: json(c.reply), request: `kw${i}` })));
    const listed = await list(user.token, { limit: '100' });

    // Assess
    expect(answers.map((a) => a.body.errcode)).toEqual(cases.map(() => 0));
    const byKeyword = Object.fromEntries(listed.body.rules.map((r: any) => [r.request, r]));
    cases.forEach((c, i) => {
      // A news rule of several articles also carries a warning (WeChat shows only the first to a message).
      const { warnings, ...rule } = byKeyword[`kw${i}`];
      expect(rule).toEqual({ type: c.shown.type, reply: c.shown, request: `kw${i}`, match: 'exact', keywords: [], version: 1 });
      const articles = (c.shown.content as { articles?: unknown[] }).articles?.length ?? 0;
      expect(warnings === undefined).toBe(articles <= 1);
    });
  });

  it('takes every listed rule back unchanged through updateReply and addReply (JSON body and form)', async () => {
    // Prepare: one rule of every type, listed
    const { user } = await userWithDirectAccount();
    await Promise.all(cases.map((c, i) => add(user.token, { type: c.type, reply: json(c.reply), request: `kw${i}` })));
    const listed = (await list(user.token, { limit: '100' })).body.rules as any[];

    // Act: write each listed rule back as it was listed; and add copies of them under new keywords
    const updated = await Promise.all(
      listed.map((rule) => call('/apis/wxreplymanage/updateReply', { token: user.token, json: { type: rule.type, reply: rule.reply, request: rule.request, match: rule.match } })),
    );
    const copied = await Promise.all(listed.map((rule) => add(user.token, { type: rule.type, reply: json(rule.reply), request: `copy-${rule.request}` })));
    const relisted = (await list(user.token, { limit: '100' })).body.rules as any[];

    // Assess
    expect(listed).toHaveLength(cases.length);
    expect(updated.map((u) => [u.status, u.body.errcode])).toEqual(listed.map(() => [200, 0]));
    expect(copied.map((u) => u.body.errcode)).toEqual(listed.map(() => 0));
    for (const rule of listed) {
      // A save counts a version.
      expect(relisted.find((r) => r.request === rule.request)).toEqual({ ...rule, version: 2 });
      expect(relisted.find((r) => r.request === `copy-${rule.request}`)).toEqual({ ...rule, request: `copy-${rule.request}` });
    }
    expect(listed.find((r) => r.type === 'text')!.reply).toEqual({ type: 'text', content: '你好, welcome' });
  });

  it('takes `reply` as a JSON object in a JSON body too', async () => {
    const { user } = await userWithDirectAccount();

    const res = await call('/apis/wxreplymanage/addReply', {
      token: user.token,
      json: { type: 'text', reply: { type: 'text', content: 'hi' }, request: 'hello', match: 'contains' },
    });

    expect(res.body).toMatchObject({ errcode: 0, rule: { request: 'hello', match: 'contains' } });
  });

  it('names the offending field for bad input of each type', async () => {
    const { user } = await userWithDirectAccount();
    const bad: [Record<string, string>, RegExp][] = [
      [{ type: 'text', reply: json({ type: 'text', content: '' }), request: 'a' }, /^reply\.content: must not be empty/],
      [{ type: 'image', reply: json({ type: 'image', content: {} }), request: 'a' }, /^reply\.mediaId: is required/],
      [{ type: 'voice', reply: json({ type: 'voice', content: { mediaId: '' } }), request: 'a' }, /^reply\.mediaId:/],
      [{ type: 'video', reply: json({ type: 'video', content: { title: 'x' } }), request: 'a' }, /^reply\.mediaId: is required/],
      [{ type: 'music', reply: json({ title: 'x', musicUrl: 'not a url', thumbMediaId: 'T' }), request: 'a' }, /^reply\.musicUrl: must be an http\(s\) URL/],
      [{ type: 'multitext', reply: json([1, 2, 3, 4, 5, 6, 7, 8, 9].map(article)), request: 'a' }, /^reply\.articles: /],
      [{ type: 'multitext', reply: json({ ...article(1), url: 'javascript:alert(1)' }), request: 'a' }, /^reply\.articles\[0\]\.url:/],
      [{ type: 'text', reply: json({ type: 'text', content: 'x' }), request: '   ' }, /^request: must not be empty/],
      [{ type: 'gif', reply: json({ type: 'gif', content: 'x' }), request: 'a' }, /^type: /],
      [{ type: 'text', reply: json({ type: 'image', content: { mediaId: 'M' } }), request: 'a' }, /^reply\.type: is image but type is text/],
      [{ type: 'text', request: 'a' }, /^reply: is required/],
      [{ type: 'text', reply: json({ content: 'x' }), request: '@admin' }, /^request: only @subscribe/],
    ];

    for (const [form, message] of bad) {
      const res = await add(user.token, form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(res.body.errcode).toBe(40000);
      // The pattern's `field:` prefix is the field the answer names.
      expect(res.body.field, res.text).toBe(message.source.replace(/^\^/, '').split(':')[0]!.replace(/\\/g, ''));
    }
    expect((await list(user.token)).body.rules).toEqual([]);
  });

  it('answers 40900 to a keyword that exists (case and spacing ignored), 40400 to a missing one', async () => {
    const { user } = await userWithDirectAccount();
    const reply = json({ type: 'text', content: 'x' });
    await add(user.token, { type: 'text', reply, request: 'Hello' });

    const duplicate = await add(user.token, { type: 'text', reply, request: '  hello ' });
    const deleteMissing = await call('/apis/wxreplymanage/deleteReply', { token: user.token, form: { request: 'nope' } });
    const updateMissing = await call('/apis/wxreplymanage/updateReply', { token: user.token, form: { type: 'text', reply, request: 'nope' } });

    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errcode).toBe(40900);
    expect(deleteMissing.body.errcode).toBe(40400);
    expect(updateMissing.body.errcode).toBe(40400);
  });

  it('updates and deletes a rule', async () => {
    const { user } = await userWithDirectAccount();
    await add(user.token, { type: 'text', reply: json({ content: 'old' }), request: 'menu' });

    const updated = await call('/apis/wxreplymanage/updateReply', {
      token: user.token,
      form: { type: 'image', reply: json({ mediaId: 'NEW' }), request: 'MENU' },
    });
    const afterUpdate = await list(user.token);
    const deleted = await call('/apis/wxreplymanage/deleteReply', { token: user.token, form: { request: 'Menu' } });
    const afterDelete = await list(user.token);

    expect(updated.body.errcode).toBe(0);
    expect(afterUpdate.body.rules).toEqual([
      { type: 'image', reply: { type: 'image', content: { mediaId: 'NEW' } }, request: 'MENU', match: 'exact', keywords: [], version: 2 },
    ]);
    expect(deleted.body.errcode).toBe(0);
    expect(afterDelete.body.rules).toEqual([]);
  });

  it('pages through many rules with a cursor, and refuses a forged cursor', async () => {
    const { user } = await userWithDirectAccount();
    await Promise.all(Array.from({ length: 7 }, (_, i) => add(user.token, { type: 'text', reply: json({ content: `r${i}` }), request: `k${i}` })));

    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await list(user.token, { limit: '3', ...(next ? { next } : {}) });
      seen.push(...page.body.rules.map((r: any) => r.request));
      next = page.body.next;
      pages++;
    } while (next && pages < 10);
    const forged = await list(user.token, { next: Buffer.from('{"pk":"RULES#wxother","sk":"RULE#a"}').toString('base64url') });

    expect(seen.sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(forged.body).toMatchObject({ errcode: 40000, field: 'next' });
  });

  it('finds rules by a word of their keyword or reply (q), case and width ignored, page by page with a cursor', async () => {
    // Prepare: 12 rules, 5 of which mention 拿铁 in the keyword or the reply, one in a news title, one LATTE in capitals
    const { user } = await userWithDirectAccount();
    const rules = [
      ...Array.from({ length: 5 }, (_, i) => ({ type: 'text', reply: json({ content: `营业时间 ${i}` }), request: `hours${i}` })),
      { type: 'text', reply: json({ content: '今日拿铁半价' }), request: 'today' },
      { type: 'text', reply: json({ content: '菜单见图' }), request: '拿铁价格' },
      { type: 'text', reply: json({ content: 'ask for a latte' }), request: 'coffee' },
      { type: 'text', reply: json({ content: 'Ｌａｔｔｅ (full width)' }), request: 'wide' },
      { type: 'multitext', reply: json({ articles: [{ ...article(1), title: '新品：桂花拿铁' }] }), request: 'news' },
      { type: 'text', reply: json({ content: '茶饮' }), request: 'tea' },
      { type: 'text', reply: json({ content: '甜点' }), request: 'cake' },
    ];
    for (const rule of rules) expect((await add(user.token, rule)).body.errcode).toBe(0);

    // Act: two searches, the first read two at a time
    const found: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await list(user.token, { q: ' 拿铁 ', limit: '2', ...(next ? { next } : {}) });
      expect(page.body.errcode).toBe(0);
      expect(page.body.rules.length).toBeLessThanOrEqual(2);
      found.push(...page.body.rules.map((r: any) => r.request));
      next = page.body.next;
      pages++;
    } while (next && pages < 20);
    const latte = await list(user.token, { q: 'LATTE' });
    const none = await list(user.token, { q: 'nothing-like-this' });
    const everything = await list(user.token, { q: '  ' });

    // Assess
    expect(found.sort()).toEqual(['news', 'today', '拿铁价格']);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(latte.body.rules.map((r: any) => r.request).sort()).toEqual(['coffee', 'wide']);
    expect(none.body).toMatchObject({ errcode: 0, rules: [] });
    expect(none.body.next).toBeUndefined();
    expect(everything.body.rules).toHaveLength(rules.length);
  });

  it('answers 40000 naming q when the search text is too long', async () => {
    const { user } = await userWithDirectAccount();
    const res = await list(user.token, { q: 'x'.repeat(129) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errcode: 40000, field: 'q' });
  });

  it('keeps each user to their own accounts: 40300 for another user’s appid, 41200 with none', async () => {
    const { account } = await userWithDirectAccount();
    const stranger = await userWithDirectAccount();
    const nobody = await loggedInUser();
    const form = { type: 'text', reply: json({ content: 'x' }), request: 'steal' };

    const foreign = await add(stranger.user.token, { ...form, appid: account.appid });
    const none = await add(nobody.token, form);

    expect(foreign.status).toBe(403);
    expect(foreign.body.errcode).toBe(40300);
    expect(none.status).toBe(409);
    expect(none.body.errcode).toBe(41200);
  });
});
