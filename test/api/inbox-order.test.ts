import { describe, expect, it } from 'vitest';
import { inboxSk, inboxPk, conversationPk } from '../../src/inbox/data/messages';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { putItem } from '../support/dynamo';
import { call } from '../support/http';
import { putInboxMessage } from '../support/inbox';
import { sim } from '../support/wechat-sim';

/**
 * Issue 23 item 5: the inbox in the order things happened, the same on every read. Several messages
 * of one second (WeChat's CreateTime counts seconds) are the hard case: their sort keys end in a
 * hash, so DynamoDB alone would rank them at random, and the callback receives them in whatever
 * order WeChat delivers. Within a second the tie is broken by WeChat's MsgId, a 64-bit number
 * (开发文档 消息管理 › 接收普通消息:
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * "MsgId 消息id，64位整型"), compared as a number; events carry none and come first.
 */
const as = (owner: UserWithAccount, path: string, json: Record<string, unknown> = {}) =>
  call(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

const thread = async (owner: UserWithAccount, openid: string) => {
  const res = await as(owner, '/apis/inbox/getConversation', { openid, limit: 50 });
  expect(res.body.errcode, res.text).toBe(0);
  return res.body.messages as Record<string, any>[];
};
const listed = async (owner: UserWithAccount) => (await as(owner, '/apis/inbox/listMessages', { limit: 50 })).body.messages as Record<string, any>[];

/** MsgIds in increasing order whose sort keys (same second) rank them otherwise: what a key order would get wrong. */
const idsKeysWouldMisorder = (createTime: number, count: number): string[] => {
  for (let start = 24_112_233_440_000_000n; ; start += 10n) {
    const ids = Array.from({ length: count }, (_, i) => String(start + BigInt(i)));
    const byKey = [...ids].sort((a, b) => inboxSk(createTime, `id:${a}`).localeCompare(inboxSk(createTime, `id:${b}`)));
    if (byKey.some((id, i) => id !== ids[i]) && byKey.reverse().some((id, i) => id !== ids[i])) return ids;
  }
};

describe('inbox order', () => {
  it("lists one second's messages by WeChat's MsgId, the follow before them, whatever order they arrived in", async () => {
    // Prepare: a follow and four messages in one second; delivered newest first, then in a shuffle
    const owner = await userWithDirectAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids as [string];
    const second = Math.floor(Date.now() / 1000) - 120;
    const ids = idsKeysWouldMisorder(second, 4);
    const deliver = (message: Record<string, string | number>) =>
      sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { FromUserName: openid, CreateTime: second, ...message } });
    for (const i of [3, 1, 0]) await deliver({ MsgType: 'text', Content: `消息 ${i + 1}`, MsgId: ids[i]! });
    await deliver({ MsgType: 'event', Event: 'subscribe', EventKey: '' });

    // Act: read twice (a reload), then a message that arrives late, of the same second
    const first = await thread(owner, openid);
    const reload = await thread(owner, openid);
    await deliver({ MsgType: 'text', Content: '消息 3', MsgId: ids[2]! });
    const after = await thread(owner, openid);
    const list = await listed(owner);

    // Assess: newest first, as the API pages; the late one takes its place, nothing else moves
    const said = (messages: Record<string, any>[]) => messages.map((m) => m.content ?? m.event);
    expect(said(first)).toEqual(['消息 4', '消息 2', '消息 1', 'subscribe']);
    expect(said(reload)).toEqual(said(first));
    expect(said(after)).toEqual(['消息 4', '消息 3', '消息 2', '消息 1', 'subscribe']);
    expect(said(list)).toEqual(said(after));
  }, 60_000);

  it("puts a reply sent from the platform after the follower's message of the same second, replies among themselves by the time they were sent", async () => {
    // Prepare: in one second, the follower's message (received late: its arrival is the newest)
    // and two replies whose keys rank them against the order they were sent
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const openid = `o${'x'.repeat(27)}`;
    const second = Math.floor(Date.now() / 1000) - 60;
    const asked = await putInboxMessage(appid, { openid, msgType: 'text', content: '有货吗', createTime: second, handled: true });
    await putItem({ ...asked.item, receivedAt: new Date(second * 1000 + 900).toISOString() });
    const keys = ['ffffffffffffffffffffffffffffffff', '00000000000000000000000000000000'];
    const replies = [
      { content: '有的', receivedAt: new Date(second * 1000 + 100).toISOString(), sk: `MSG#${second}#${keys[0]}` },
      { content: '今天就能发货', receivedAt: new Date(second * 1000 + 400).toISOString(), sk: `MSG#${second}#${keys[1]}` },
    ];
    for (const r of replies) {
      await putItem({
        pk: inboxPk(appid),
        sk: r.sk,
        gsi1pk: conversationPk(appid, openid),
        gsi1sk: r.sk,
        type: 'inboxMessage',
        appid,
        openid,
        direction: 'out',
        msgType: 'text',
        content: r.content,
        createTime: second,
        receivedAt: r.receivedAt,
        answer: { kind: 'none' },
        state: 'done',
        handled: true,
        ttl: second + 5 * 86_400,
      });
    }

    // Act
    const messages = await thread(owner, openid);

    // Assess: newest first
    expect(messages.map((m) => `${m.direction}:${m.content}`)).toEqual(['out:今天就能发货', 'out:有的', 'in:有货吗']);
  }, 60_000);
});
