import { describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/** Hostile lengths in what followers send (issue 11 item 2) and WeChat's news limit (issue 10 item 2). */
const addRule = (owner: UserWithAccount, type: string, reply: unknown, request: string, match = 'exact') =>
  call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid: owner.account.appid, type, reply, request, match } });

const article = (title: string) => ({ title, description: 'd', picurl: 'https://img.example.com/1.jpg', url: 'https://example.com/1' });

describe('callback: long fields from followers', () => {
  it('answers @default to a long message, and never 500 for a long EventKey, MsgId or FromUserName', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    expect((await addRule(owner, 'text', { content: 'default' }, '@default')).body.errcode).toBe(0);
    expect((await addRule(owner, 'text', { content: 'coffee!' }, '咖啡', 'contains')).body.errcode).toBe(0);
    const send = (message: Record<string, string>) => sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message });

    // Act
    const longText = await send({ MsgType: 'text', Content: '长'.repeat(2000) });
    const longWithKeyword = await send({ MsgType: 'text', Content: `${'长'.repeat(2000)}咖啡` });
    const longKey = await send({ MsgType: 'event', Event: 'CLICK', EventKey: 'k'.repeat(5000) });
    const longMsgId = await send({ MsgType: 'text', Content: 'x', MsgId: '9'.repeat(3000) });
    const longSender = await send({ MsgType: 'text', Content: 'y', FromUserName: `o${'u'.repeat(3000)}` });
    const again = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: 'x', MsgId: '9'.repeat(3000) }, repeat: 2 });

    // Assess
    expect(longText.attempts[0]).toMatchObject({ status: 200, reply: { Content: 'default' } });
    expect(longWithKeyword.attempts[0]).toMatchObject({ status: 200, reply: { Content: 'coffee!' } });
    expect(longKey.attempts[0]).toMatchObject({ status: 200, reply: { Content: 'default' } });
    expect(longMsgId.attempts[0]).toMatchObject({ status: 200, reply: { Content: 'default' } });
    expect(longSender.attempts[0]).toMatchObject({ status: 200, reply: { Content: 'default' } });
    expect(again.attempts.map((a) => a.status)).toEqual([200, 200]);
  });

  it('refuses a keyword whose normalized form is too long with 40000 on add, update and delete', async () => {
    const owner = await userWithDirectAccount();
    const expanding = '\u337f'.repeat(128); // each becomes 株式会社 under NFKC

    const added = await addRule(owner, 'text', { content: 'x' }, expanding);
    const updated = await call('/apis/wxreplymanage/updateReply', {
      token: owner.user.token,
      json: { appid: owner.account.appid, type: 'text', reply: { content: 'x' }, request: expanding },
    });
    const deleted = await call('/apis/wxreplymanage/deleteReply', { token: owner.user.token, json: { appid: owner.account.appid, request: expanding } });
    const fits = await addRule(owner, 'text', { content: 'x' }, '\u337f'.repeat(32));

    expect([added, updated, deleted].map((r) => [r.status, r.body.errcode])).toEqual([
      [400, 40000],
      [400, 40000],
      [400, 40000],
    ]);
    expect(added.body.field).toBe('request');
    expect(fits.body.errcode).toBe(0);
  });
});

describe('callback: news replies as WeChat delivers them', () => {
  it('sends one article to a keyword and all three to a subscribe, and says so when the rule is saved and listed', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const articles = [article('One'), article('Two'), article('Three')];
    const added = await addRule(owner, 'multitext', articles, 'news');
    await addRule(owner, 'multitext', articles, '@subscribe');
    await addRule(owner, 'multitext', [article('Only')], 'single');

    // Act
    const keyword = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: 'news' } });
    const subscribe = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'event', Event: 'subscribe' } });
    const listed = await call('/apis/wxreplymanage/listReply', { token: owner.user.token, json: { appid: owner.account.appid } });

    // Assess
    expect(keyword.attempts[0]!.sent).toMatchObject({ MsgType: 'news', ArticleCount: '1', Articles: { item: [{ Title: 'One' }] } });
    expect(subscribe.attempts[0]!.sent).toMatchObject({ MsgType: 'news', ArticleCount: '3', Articles: { item: [{ Title: 'One' }, { Title: 'Two' }, { Title: 'Three' }] } });
    expect(subscribe.attempts[0]!.reply).toEqual(subscribe.attempts[0]!.sent);
    expect(added.body.warnings).toEqual([expect.stringMatching(/only the first of these 3 articles/)]);
    const byKeyword = Object.fromEntries(listed.body.rules.map((r: { request: string }) => [r.request, r]));
    expect(byKeyword['news'].warnings).toHaveLength(1);
    expect(byKeyword['single']).not.toHaveProperty('warnings');
  });
});

describe('simulator: what WeChat keeps of a news reply', () => {
  it('shows the follower only the first article when a reply to a message carries more', async () => {
    // Prepare: a server that answers three articles to anything (as a careless callback would)
    const { deliver } = await import('../../local/wechat-sim/follower');
    const { createServer } = await import('node:http');
    const { buildWechatXml } = await import('../../src/wechat/xml');
    const server = createServer((_req, res) =>
      res.end(
        buildWechatXml({
          ToUserName: 'o', FromUserName: 'gh', CreateTime: 1, MsgType: 'news', ArticleCount: 3,
          Articles: [{ Title: 'a' }, { Title: 'b' }, { Title: 'c' }],
        }),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const keys = { token: 't', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appid: 'wx1' };

    // Act
    const [toText] = await deliver({ url, keys, mode: 'plain', message: { MsgType: 'text', Content: 'hi', FromUserName: 'o', ToUserName: 'gh' }, timeoutMs: 5000 });
    const [toClick] = await deliver({ url, keys, mode: 'plain', message: { MsgType: 'event', Event: 'CLICK', FromUserName: 'o', ToUserName: 'gh' }, timeoutMs: 5000 });
    server.close();

    // Assess
    expect(toText!.reply).toMatchObject({ ArticleCount: '1', Articles: { item: [{ Title: 'a' }] } });
    expect(toText!.sent).toMatchObject({ ArticleCount: '3' });
    expect(toClick!.reply).toMatchObject({ ArticleCount: '3' });
  });
});
