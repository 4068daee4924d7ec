import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { runSendSlice } from '../../src/templates/fanout';
import { testDb } from '../support/dynamo';
import { authorizeThroughPlatform, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { audience, waitForSync } from '../support/audience';
import { call } from '../support/http';
import { addOrderTemplate, orderValues, templates, waitForTemplateSend } from '../support/templates';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * Template messages (模板消息) over HTTP, under WeChat's rules of 2023-05-04: templates added from
 * the library by their keywords, values checked by their keyword's type before WeChat is called,
 * sends to one follower or a tag (fanned out by the queue, each recipient once), and
 * TEMPLATESENDJOBFINISH's outcomes counted through the record stream.
 * Rules: developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
const componentAccount = async (input: { serviceType?: number; verifyType?: number }): Promise<UserWithAccount> => {
  const user = await loggedInUser();
  const account = await sim.createAccount(input);
  const { callback } = await authorizeThroughPlatform(user, account);
  expect(callback.status).toBe(302);
  return { user, account };
};

const sendCalls = async (appid: string) => (await sim.calls(appid))['cgi-bin/message/template/send'] ?? 0;

describe('template messages', { timeout: 240_000 }, () => {
  // api_add_template (template_id_short + keyword_name_list "按顺序传入"), get_all_private_template,
  // del_private_template: developers.weixin.qq.com/doc/service/api/notify/template/api_addtemplate
  it('adds a template from the library by its keywords, lists it with each keyword\'s type and limit, and deletes it', async () => {
    const owner = await userWithDirectAccount();

    const template = await addOrderTemplate(owner, ['商品名称', '订单编号', '订单状态']);
    const listed = await templates(owner, 'list');
    const badName = await templates(owner, 'add', { templateIdShort: '47123', keywordNames: ['天气'] });
    const deleted = await templates(owner, 'delete', { templateId: template.templateId });
    const after = await templates(owner, 'list');

    expect(template.keywords).toEqual([
      { key: 'thing1', type: 'thing', label: '商品名称', rule: 'template.thing', limit: 20 },
      { key: 'character_string2', type: 'character_string', label: '订单编号', rule: 'template.characterString', limit: 32 },
      { key: 'phrase5', type: 'phrase', label: '订单状态', rule: 'template.phrase', limit: 5 },
    ]);
    expect(listed.body.templates).toEqual([expect.objectContaining({ templateId: template.templateId, title: '订单支付成功通知' })]);
    expect(badName.status).toBe(400);
    expect(badName.body).toMatchObject({ errcode: 40000, field: 'keywordNames', rule: 'template.libraryKeywords', given: '天气', wxerrcode: 40246 });
    // Its own words, naming what was given and where the library's names are read, not a generic 填写不正确.
    const inChinese = await call('/apis/templates/add', {
      token: owner.user.token,
      headers: { 'accept-language': 'zh-CN' },
      json: { appid: owner.account.appid, templateIdShort: '47123', keywordNames: ['天气'] },
    });
    expect(inChinese.body.msg).toBe('模板库中这个模板的关键词与“天气”不一致：请按公众平台「模板消息 › 模板库」中该模板详情里的关键词名称和顺序填写');
    expect(badName.body.msg).toContain('"天气"');
    expect(deleted.body.errcode, deleted.text).toBe(0);
    expect(after.body.templates).toEqual([]);
    expect((await sim.templates(owner.account.appid)).templates).toEqual([]);
  });

  // Each keyword type's rule of the 类目模板 (thing ≤ 20, character_string ≤ 32 without Chinese, phrase
  // ≤ 5 Chinese characters, time and amount formats, const approved values, no line breaks; no first,
  // remark or colour since 2023-05-04):
  // developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#类目模板消息
  it('refuses each value outside its keyword\'s type before WeChat, naming the field, the rule, the limit and what was given', async () => {
    const owner = await userWithDirectAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;
    const { templateId } = await addOrderTemplate(owner);
    const withConst = await addOrderTemplate(owner, ['商品名称', '配送方式']);
    const send = (data: Record<string, unknown>, id = templateId) => templates(owner, 'send', { templateId: id, openid, data });
    const before = await sendCalls(owner.account.appid);

    const cases = [
      [{ ...orderValues, thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } }, { field: 'data.thing1.value', rule: 'template.thing', limit: 20 }],
      [{ ...orderValues, character_string2: { value: '订单SO1' } }, { field: 'data.character_string2.value', rule: 'template.characterString', limit: 32, given: '订单SO1' }],
      [{ ...orderValues, character_string2: { value: 'A'.repeat(33) } }, { field: 'data.character_string2.value', rule: 'template.characterString', limit: 32 }],
      [{ ...orderValues, phrase5: { value: '已经支付成功' } }, { field: 'data.phrase5.value', rule: 'template.phrase', limit: 5, given: '已经支付成功' }],
      [{ ...orderValues, time4: { value: '下午三点' } }, { field: 'data.time4.value', rule: 'template.time', given: '下午三点' }],
      [{ ...orderValues, amount3: { value: '二十八元五角' } }, { field: 'data.amount3.value', rule: 'template.amount', given: '二十八元五角' }],
      [{ ...orderValues, thing1: { value: '拿铁\n咖啡' } }, { field: 'data.thing1.value', rule: 'template.lineBreak' }],
      [{ ...orderValues, first: { value: '您好' } }, { field: 'data.first', rule: 'template.noFirstRemark' }],
      [{ ...orderValues, remark: { value: '欢迎再次光临' } }, { field: 'data.remark', rule: 'template.noFirstRemark' }],
      [{ ...orderValues, thing1: { value: '拿铁', color: '#173177' } }, { field: 'data.thing1.color', rule: 'template.noColor' }],
    ] as const;
    for (const [data, problem] of cases) {
      const res = await send(data);
      expect(res.status, res.text).toBe(400);
      expect(res.body, JSON.stringify(problem)).toMatchObject({ errcode: 40000, ...problem });
      expect(res.body.msg).toEqual(expect.any(String));
    }
    const constRefused = await send({ thing1: { value: '拿铁' }, const6: { value: '外卖' } }, withConst.templateId);

    expect(constRefused.body).toMatchObject({ errcode: 40000, field: 'data.const6.value', rule: 'template.const', limit: '快递配送', given: '外卖' });
    // WeChat saw none of them.
    expect(await sendCalls(owner.account.appid)).toBe(before);
    expect((await sim.templates(owner.account.appid)).sent).toEqual([]);
  });

  // Template messages are for verified service accounts ("认证后的服务号"), answered 40302 before WeChat:
  // developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html
  it('answers 40302 before WeChat for a subscription account and for an unverified service account', async () => {
    const subscription = await componentAccount({ serviceType: 0 });
    const unverified = await componentAccount({ verifyType: -1 });

    const list = await templates(subscription, 'list');
    const send = await templates(unverified, 'send', { templateId: 'tpl-1', openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', data: orderValues });
    const add = await templates(unverified, 'add', { templateIdShort: '47123', keywordNames: ['商品名称'] });

    expect(list.status).toBe(403);
    expect(list.body).toMatchObject({ errcode: 40302, need: 'serviceAccount', feature: 'templates' });
    expect(send.body).toMatchObject({ errcode: 40302, need: 'verification', feature: 'templates' });
    expect(add.body).toMatchObject({ errcode: 40302, need: 'verification' });
    for (const owner of [subscription, unverified]) {
      const calls = await sim.calls(owner.account.appid);
      expect(Object.keys(calls).filter((path) => path.includes('template'))).toEqual([]);
    }
  });

  // WeChat's 47003 "argument invalid! data.thing1.value invalid" for a value its own check refuses:
  // developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#类目模板消息
  it('maps WeChat\'s 47003 like its own check: the field, its keyword\'s rule and limit, what was given', async () => {
    const owner = await userWithDirectAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;
    const { templateId } = await addOrderTemplate(owner);
    await sim.fault({ path: 'cgi-bin/message/template/send', appid: owner.account.appid, errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid rid: 6752f1a2-0b1c2d3e', times: 1 });

    const res = await templates(owner, 'send', { templateId, openid, data: orderValues });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errcode: 40000, field: 'data.thing1.value', rule: 'template.thing', limit: 20, given: orderValues.thing1.value, wxerrcode: 47003 });
    const history = (await templates(owner, 'listSends')).body.sends;
    expect(history[0]).toMatchObject({ status: 'failed', reason: 'wechat47003', failed: 1, sent: 0 });
    const inChinese = await call('/apis/templates/listSends', { token: owner.user.token, json: { appid: owner.account.appid }, headers: { 'accept-language': 'zh-CN' } });
    expect(inChinese.body.sends[0].reasonText).toBe('微信拒绝了“商品名称”的内容（不符合该项的类型要求），发送已停止：请修改后重新发送');
    expect(inChinese.body.sends[0]).not.toHaveProperty('stop');
  });

  // message/template/send: 43004 "require subscribe"; TEMPLATESENDJOBFINISH Status success /
  // failed:user block / failed: system failed (事件推送):
  // developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
  it('refuses a send to a tag nobody in the directory has, naming the tag, before WeChat', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const tag = await sim.createTag(appid, '空标签');
    await sim.addFollowers(appid, 3);
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    const { templateId } = await addOrderTemplate(owner);
    const before = await sendCalls(appid);

    const res = await templates(owner, 'send', { templateId, tagId: tag.id, data: orderValues });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errcode: 40000, field: 'tagId', rule: 'template.emptyTag' });
    expect(await sendCalls(appid)).toBe(before);
  });

  it('sends to one follower at once and records what the pushes say: delivered, refused, failed; 43004 answered', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const [reached, refusing, unreachable] = (await sim.addFollowers(appid, 3)).openids;
    await sim.templateControls(appid, { refusing: [refusing!], failing: [unreachable!] });
    const { templateId } = await addOrderTemplate(owner);
    const send = (openid: string) => templates(owner, 'send', { templateId, openid, data: orderValues, url: 'https://shop.example.com/orders/1' });

    const sends = [await send(reached!), await send(refusing!), await send(unreachable!)];
    const notFollowing = await send('oNotAFollowerOfThisAccount0');

    for (const res of sends) expect(res.body, res.text).toMatchObject({ errcode: 0, send: { status: 'done', recipients: 1, sent: 1 } });
    expect(notFollowing.body).toMatchObject({ errcode: 40000, field: 'openid', wxerrcode: 43004 });
    const [one, two, three] = await Promise.all(
      sends.map((res) => waitForTemplateSend(owner, res.body.sendId, (s) => s.delivered + s.refused + s.failed === 1)),
    );
    expect(one).toMatchObject({ delivered: 1, refused: 0, failed: 0 });
    expect(two).toMatchObject({ delivered: 0, refused: 1, failed: 0 });
    expect(three).toMatchObject({ delivered: 0, refused: 0, failed: 1 });
    const wechat = await sim.templates(appid);
    expect(wechat.sent.map((s: { openid: string }) => s.openid)).toEqual([reached, refusing, unreachable]);
    expect(wechat.sent[0]).toMatchObject({ client_msg_id: sends[0]!.body.sendId, url: 'https://shop.example.com/orders/1', data: orderValues });
  });

  // client_msg_id: "对于同一个openid + client_msg_id, 只发送一条消息,10分钟有效,超过10分钟不保证效果":
  // developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
  it('reaches each of a tag\'s 1,000 followers once even when the worker dies mid-way and the queue redelivers', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const tag = await sim.createTag(appid, '老顾客');
    const members: string[] = (await sim.addFollowers(appid, 1000, tag.id)).openids;
    await sim.addFollowers(appid, 20);
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    const refusing = members.slice(0, 7);
    const unreachable = members.slice(7, 10);
    await sim.templateControls(appid, { refusing, failing: unreachable });
    const { templateId } = await addOrderTemplate(owner);
    await sim.latency(appid, { minMs: 30, maxMs: 80 });

    const t0 = Date.now();
    const started = await templates(owner, 'send', { templateId, tagId: tag.id, data: orderValues });
    expect(started.body, started.text).toMatchObject({ errcode: 0, send: { status: 'sending', recipients: 1000, target: { tagId: tag.id } } });
    const sendId = started.body.sendId;
    await waitForTemplateSend(owner, sendId, (s) => s.sent >= 200);
    // The worker dies mid-way, twice over: WeChat sends three messages and their answers never
    // arrive (the worker cannot tell whether they went), then its gateway fails two calls outright.
    await sim.templateControls(appid, { loseAnswers: 3 });
    await sim.fault({ path: 'cgi-bin/message/template/send', appid, status: 502, times: 2 });
    const done = await waitForTemplateSend(owner, sendId, (s) => s.status !== 'sending');
    const t1 = Date.now();
    await sim.latency(appid, 'off');

    expect(done).toMatchObject({ status: 'done', recipients: 1000, attempted: 1000, sent: 1000, failed: 0 });
    const wechat = await sim.templates(appid);
    const perOpenid = new Map<string, number>();
    for (const s of wechat.sent as { openid: string; client_msg_id: string }[]) perOpenid.set(s.openid, (perOpenid.get(s.openid) ?? 0) + 1);
    expect(perOpenid.size).toBe(1000);
    expect([...perOpenid.values()].every((n) => n === 1)).toBe(true);
    expect([...perOpenid.keys()].sort()).toEqual([...members].sort());
    // The three lost answers were asked again with the same client_msg_id (WeChat sent nothing more).
    expect(await sendCalls(appid)).toBeGreaterThanOrEqual(1003);
    expect(wechat.sent.every((s: { client_msg_id: string }) => s.client_msg_id === sendId)).toBe(true);

    const settled = await waitForTemplateSend(owner, sendId, (s) => s.delivered + s.refused + s.failed === 1000);
    expect(settled).toMatchObject({ delivered: 990, refused: 7, failed: 3, sent: 1000 });
    console.info(`[timing] 1,000 sent in ${t1 - t0} ms (${await sendCalls(appid)} calls); all pushes counted after ${Date.now() - t0} ms`);
  });
  // A segment (two tags at once: a background job's result, src/audience/segment-members.ts) as the
  // send's target: its members each once, nobody outside it.
  it('sends to a segment\'s members only, each once', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const regulars = await sim.createTag(appid, '老顾客');
    const vip = await sim.createTag(appid, '会员');
    const both: string[] = (await sim.addFollowers(appid, 40, regulars.id)).openids.slice(0, 15);
    await sim.addFollowers(appid, 30, vip.id);
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    const tagged = await audience(owner, 'batchTag', { openids: both, tagId: vip.id });
    expect(tagged.body.errcode, tagged.text).toBe(0);
    const segment = await audience(owner, 'segment', { filters: { tagIds: [regulars.id, vip.id] } });
    expect(segment.body.errcode, segment.text).toBe(0);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await audience(owner, 'segmentStatus', { segmentId: segment.body.segmentId });
      if (status.body.segment?.state === 'done') break;
      if (status.body.segment?.state === 'failed' || Date.now() > deadline) throw new Error(status.text);
      await new Promise((r) => setTimeout(r, 200));
    }
    const { templateId } = await addOrderTemplate(owner);

    const started = await templates(owner, 'send', { templateId, segmentId: segment.body.segmentId, data: orderValues });
    const twoTargets = await templates(owner, 'send', { templateId, segmentId: segment.body.segmentId, tagId: vip.id, data: orderValues });
    expect(started.body, started.text).toMatchObject({ errcode: 0, send: { status: 'sending', recipients: 15, target: { segmentId: segment.body.segmentId } } });
    const done = await waitForTemplateSend(owner, started.body.sendId, (s) => s.status !== 'sending');

    expect(done).toMatchObject({ status: 'done', recipients: 15, sent: 15, failed: 0 });
    const sent = ((await sim.templates(appid)).sent as { openid: string }[]).map((m) => m.openid);
    expect(sent.sort()).toEqual([...both].sort());
    expect(twoTargets.status).toBe(400);
    expect(twoTargets.body).toMatchObject({ errcode: 40000, rule: 'template.oneTarget' });

    // A day on (the record's clock moved back): the segment is gone for reading and for new sends,
    // but a send that started within its 24 hours reads on (here: page 1 again, its claims met).
    const segmentId = segment.body.segmentId as string;
    const segmentKey = { pk: `AUDIENCEJOB#${appid}`, sk: `SEGMENT#${segmentId}` };
    await testDb().send(new UpdateCommand({ TableName: inject('tableName'), Key: segmentKey, UpdateExpression: 'SET createdAt = :old', ExpressionAttributeValues: { ':old': new Date(Date.now() - 25 * 3600_000).toISOString() } }));
    const sendKey = { pk: `TPLSENDS#${appid}`, sk: `S#${started.body.sendId}` };
    const again = () =>
      testDb().send(new UpdateCommand({ TableName: inject('tableName'), Key: sendKey, UpdateExpression: 'SET #s = :sending, page = :zero REMOVE #c', ExpressionAttributeNames: { '#s': 'status', '#c': 'cursor' }, ExpressionAttributeValues: { ':sending': 'sending', ':zero': 0 } }));
    const late = await templates(owner, 'send', { templateId, segmentId, data: orderValues });
    expect(late.status).toBe(404);
    expect(late.body).toMatchObject({ errcode: 40400, rule: 'audience.segmentGone' });
    await again();
    expect(await runSendSlice({ appid, sendId: started.body.sendId })).toBe('done');
    expect((await sim.templates(appid)).sent).toHaveLength(15);

    // Deleted under a running send (DynamoDB's TTL): the send ends, said so, rather than retrying into the dead-letter queue.
    await testDb().send(new DeleteCommand({ TableName: inject('tableName'), Key: segmentKey }));
    await again();
    expect(await runSendSlice({ appid, sendId: started.body.sendId })).toBe('failed');
    const stopped = await call('/apis/templates/listSends', { token: owner.user.token, json: { appid }, headers: { 'accept-language': 'zh-CN' } });
    expect(stopped.body.sends.find((s: { sendId: string }) => s.sendId === started.body.sendId)).toMatchObject({
      status: 'failed',
      reason: 'segmentGone',
      reasonText: '粉丝筛选结果已过期删除，发送在此停止（已发出的不受影响）：如需发给其余粉丝，请重新筛选后再发送',
    });
  });
});
