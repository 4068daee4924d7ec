import { describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * Rules as WeChat's 关键词回复 has them (a rule name, several keywords each 全匹配 or 半匹配, one
 * reply: developers.weixin.qq.com/doc/offiaccount/Message_Management/Getting_Rules_for_Auto_Replies.html,
 * `keyword_list_info` with `match_mode` equal/contain), and editors that keep work: every rule
 * carries a `version`, and a save over a newer one is refused 40902 instead of overwriting.
 */
const api = (owner: UserWithAccount, action: string, json: Record<string, unknown>) =>
  call(`/apis/wxreplymanage/${action}`, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

const text = (content: string) => ({ type: 'text', reply: { content } });

const follower = async (owner: UserWithAccount, content: string) => {
  const res = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: content } });
  return res.attempts[0]!.reply?.['Content'] ?? res.attempts[0]!.body;
};

describe('reply rules with several keywords', () => {
  it('answers a follower by any keyword of a rule, exact ones whole and contains ones inside a sentence', async () => {
    // Prepare: one rule named 营业时间 with a 全匹配 and two 半匹配 keywords
    const owner = await userWithDirectAccount();
    const added = await api(owner, 'addReply', {
      request: '营业时间',
      match: 'exact',
      ruleName: '营业时间',
      keywords: [
        { keyword: '几点开门', match: 'contains' },
        { keyword: 'Opening Hours', match: 'contains' },
      ],
      ...text('每天 9:00–21:00'),
    });

    // Act
    const answers = [
      await follower(owner, '营业时间'),
      await follower(owner, '请问你们几点开门呀'),
      await follower(owner, 'what are your opening hours?'),
      await follower(owner, '营业时间是？'),
    ];

    // Assess: the first keyword is 全匹配, so a sentence around it is not answered
    expect(added.body).toMatchObject({ errcode: 0, rule: { request: '营业时间', ruleName: '营业时间', version: 1, keywords: [{ keyword: '几点开门', match: 'contains' }, { keyword: 'Opening Hours', match: 'contains' }] } });
    expect(answers).toEqual(['每天 9:00–21:00', '每天 9:00–21:00', '每天 9:00–21:00', 'success']);
  });

  it('follows an update that drops and adds keywords: the dropped one is free for another rule', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    await api(owner, 'addReply', { request: 'menu', keywords: [{ keyword: 'carte', match: 'exact' }], ...text('our menu') });

    // Act
    const updated = await api(owner, 'updateReply', { request: 'menu', version: 1, keywords: [{ keyword: 'speisekarte', match: 'exact' }], ...text('our menu') });
    const other = await api(owner, 'addReply', { request: 'carte', ...text('a card') });

    // Assess
    expect(updated.body).toMatchObject({ errcode: 0, rule: { version: 2, keywords: [{ keyword: 'speisekarte', match: 'exact' }] } });
    expect(other.body.errcode).toBe(0);
    expect(await follower(owner, 'speisekarte')).toBe('our menu');
    expect(await follower(owner, 'carte')).toBe('a card');
  });

  it('refuses with 40900 naming the keyword when another rule holds it, as its first keyword or as one of its others', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    await api(owner, 'addReply', { request: 'price', keywords: [{ keyword: '价格', match: 'contains' }], ...text('from ¥9') });

    // Act
    const byOther = await api(owner, 'addReply', { request: 'cost', keywords: [{ keyword: 'fee', match: 'exact' }, { keyword: '价格', match: 'exact' }], ...text('x') });
    const byFirst = await api(owner, 'addReply', { request: 'fees', keywords: [{ keyword: 'PRICE', match: 'exact' }], ...text('x') });
    const firstTaken = await api(owner, 'addReply', { request: '价格', ...text('x') });
    const listed = await api(owner, 'listReply', {});

    // Assess: the whole rule is refused (nothing half-written), the answer names the keyword
    expect(byOther.status).toBe(409);
    expect(byOther.body).toMatchObject({ errcode: 40900, field: 'keywords[1].keyword', rule: 'reply.keywordTaken', given: '价格' });
    expect(byOther.body.msg).toContain('价格');
    expect(byFirst.body).toMatchObject({ errcode: 40900, field: 'keywords[0].keyword', rule: 'reply.keywordTaken', given: 'PRICE' });
    expect(firstTaken.body).toMatchObject({ errcode: 40900, field: 'request', rule: 'reply.keywordTaken', given: '价格' });
    expect(listed.body.rules.map((r: any) => r.request)).toEqual(['price']);
    expect(await follower(owner, 'fee')).toBe('success');
  });

  it('refuses a keyword twice in one rule, a reserved keyword among the others, and too many keywords, naming the field', async () => {
    // Prepare
    const owner = await userWithDirectAccount();

    // Act
    const twice = await api(owner, 'addReply', { request: 'hello', keywords: [{ keyword: 'hi', match: 'exact' }, { keyword: 'HI', match: 'contains' }], ...text('x') });
    const reserved = await api(owner, 'addReply', { request: 'hello', keywords: [{ keyword: '@default', match: 'exact' }], ...text('x') });
    const subscribeWithOthers = await api(owner, 'addReply', { request: '@subscribe', keywords: [{ keyword: 'welcome', match: 'exact' }], ...text('x') });
    const tooMany = await api(owner, 'addReply', { request: 'hello', keywords: Array.from({ length: 10 }, (_, i) => ({ keyword: `k${i}`, match: 'exact' })), ...text('x') });
    const tooLong = await api(owner, 'addReply', { request: 'hello', keywords: [{ keyword: 'x'.repeat(129), match: 'exact' }], ...text('x') });

    // Assess
    expect(twice.body).toMatchObject({ errcode: 40000, field: 'keywords[1].keyword', rule: 'reply.keywordTwice', given: 'HI' });
    expect(reserved.body).toMatchObject({ errcode: 40000, field: 'keywords[0].keyword', rule: 'reply.keywordAt' });
    expect(subscribeWithOthers.body).toMatchObject({ errcode: 40000, field: 'keywords', rule: 'reply.reservedAlone' });
    expect(tooMany.body).toMatchObject({ errcode: 40000, field: 'keywords', rule: 'maxItems', limit: 9 });
    expect(tooLong.body).toMatchObject({ errcode: 40000, field: 'keywords[0].keyword', rule: 'maxLength', limit: 128 });
    expect((await api(owner, 'listReply', {})).body.rules).toEqual([]);
  });

  it('still serves the seed clients: one keyword in a form body, updated and deleted without a version', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const form = { appid: owner.account.appid, type: 'text', request: 'hi', match: 'contains', reply: JSON.stringify({ type: 'text', content: 'hello' }) };

    // Act
    const added = await call('/apis/wxreplymanage/addReply', { token: owner.user.token, form });
    const updated = await call('/apis/wxreplymanage/updateReply', { token: owner.user.token, form: { ...form, reply: JSON.stringify({ type: 'text', content: 'hello again' }) } });
    const answered = await follower(owner, 'oh hi there');
    const deleted = await call('/apis/wxreplymanage/deleteReply', { token: owner.user.token, form: { appid: owner.account.appid, request: 'hi' } });

    // Assess
    expect(added.body).toMatchObject({ errcode: 0, rule: { request: 'hi', match: 'contains', keywords: [], version: 1 } });
    expect(updated.body).toMatchObject({ errcode: 0, rule: { version: 2 } });
    expect(answered).toBe('hello again');
    expect(deleted.body.errcode).toBe(0);
  });
});

describe('reply rules keep work: versions', () => {
  it('refuses a save from an editor that loaded an older version with 40902, and keeps the other save', async () => {
    // Prepare: two editors load version 1
    const owner = await userWithDirectAccount();
    await api(owner, 'addReply', { request: 'hours', ...text('9 to 5') });
    const loaded = (await api(owner, 'listReply', {})).body.rules[0];

    // Act: the first saves, then the second saves over the version both loaded
    const first = await api(owner, 'updateReply', { request: 'hours', version: loaded.version, ...text('10 to 6') });
    const second = await api(owner, 'updateReply', { request: 'hours', version: loaded.version, ...text('8 to 4') });
    const chinese = await call('/apis/wxreplymanage/updateReply', { token: owner.user.token, headers: { 'accept-language': 'zh-CN' }, json: { appid: owner.account.appid, request: 'hours', version: loaded.version, ...text('8 to 4') } });
    const deleteStale = await api(owner, 'deleteReply', { request: 'hours', version: loaded.version });

    // Assess
    expect(loaded.version).toBe(1);
    expect(first.body).toMatchObject({ errcode: 0, rule: { version: 2 } });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ errcode: 40902, field: 'version', rule: 'reply.changedElsewhere', limit: 2, given: 1, version: 2 });
    expect(chinese.body.msg).toContain('已在别处修改');
    expect(deleteStale.body).toMatchObject({ errcode: 40902, version: 2 });
    expect(await follower(owner, 'hours')).toBe('10 to 6');
  });

  it('deletes with the current version, and a save after the deletion is 40400', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    await api(owner, 'addReply', { request: 'bye', keywords: [{ keyword: 'ciao', match: 'exact' }], ...text('see you') });

    // Act
    const deleted = await api(owner, 'deleteReply', { request: 'bye', version: 1 });
    const savedAfter = await api(owner, 'updateReply', { request: 'bye', version: 1, ...text('again') });
    const reused = await api(owner, 'addReply', { request: 'ciao', ...text('the claim went with the rule') });

    // Assess
    expect(deleted.body.errcode).toBe(0);
    expect(savedAfter.body.errcode).toBe(40400);
    expect(reused.body.errcode).toBe(0);
  });
});
