import { describe, expect, it } from 'vitest';
import { userWithDirectAccount } from '../support/accounts';
import { itemsOf } from '../support/faults';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * Text that reaches WeChat (its XML passive replies, or JSON it renders in the follower's client)
 * refuses the characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets: Char excludes
 * U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+FFFE, U+FFFF and the surrogate block), with
 * 40000 naming the field, before anything is stored or WeChat is asked (issue 22, item 6).
 */

describe('control characters never reach WeChat', () => {
  it('refuses \\u0000 in a reply rule, a menu name, a group name, a remark and an inbox reply, naming the field', async () => {
    const owner = await userWithDirectAccount();
    const { appid } = owner.account;
    const token = owner.user.token;
    const before = await sim.calls(appid);

    const answers = {
      replyText: await call('/apis/wxreplymanage/addReply', { token, json: { appid, type: 'text', reply: { content: 'hello\u0000world' }, request: 'kw', match: 'exact' } }),
      replyArticle: await call('/apis/wxreplymanage/addReply', {
        token,
        json: { appid, type: 'multitext', reply: [{ title: 'News\u0008', description: '', picurl: 'https://img.example.com/1.jpg', url: 'https://example.com/1' }], request: 'kw2', match: 'exact' },
      }),
      menuName: await call('/apis/menus/createMenu', { token, json: { appid, button: [{ type: 'click', name: 'Menu\u0000', key: 'k1' }] } }),
      groupName: await call('/apis/wxplatform/createGroup', { token, json: { appid, groupName: 'VIP\u001f' } }),
      remark: await call('/apis/wxplatform/updateRemark', { token, json: { appid, openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', remark: 'a\u000bb' } }),
      inboxReply: await call('/apis/inbox/reply', { token, json: { appid, openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', type: 'text', content: 'lone \ud800 surrogate' } }),
    };
    const rules = await itemsOf(`RULES#${appid}`);

    for (const [name, res] of Object.entries(answers)) {
      expect(res.status, `${name}: ${res.text}`).toBe(400);
      expect(res.body.errcode, name).toBe(40000);
      expect(res.body.rule, `${name}: ${res.text}`).toBe('xmlChars');
    }
    expect(answers.replyText.body.field).toMatch(/content$/);
    expect(answers.replyArticle.body.field).toMatch(/title$/);
    expect(answers.menuName.body.field).toBe('button[0].name');
    expect(answers.groupName.body.field).toBe('groupName');
    expect(answers.remark.body.field).toBe('remark');
    expect(answers.inboxReply.body.field).toMatch(/content$/);
    expect(rules, 'no rule stored').toEqual([]);
    expect(await sim.calls(appid), 'WeChat was never asked').toEqual(before);
  });

  it('still takes tab, line breaks, Chinese and emoji (a surrogate pair) in the same fields', async () => {
    const owner = await userWithDirectAccount();

    const res = await call('/apis/wxreplymanage/addReply', {
      token: owner.user.token,
      json: { appid: owner.account.appid, type: 'text', reply: { content: '欢迎\t光临\r\n😀' }, request: 'hello', match: 'exact' },
    });

    expect(res.body.errcode, res.text).toBe(0);
  });
});
