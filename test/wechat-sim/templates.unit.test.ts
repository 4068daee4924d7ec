import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatSimulator, type WechatSimulator } from '../../local/wechat-sim';

/**
 * The simulator's template messages (模板消息) under the rules of 2023-05-04, on a private instance
 * with a clock the test moves. Each rule's page is cited beside its test.
 */
const component = { appid: 'wxc000000000000tpl', secret: 'c'.repeat(32), token: 'simToken', aesKey: 'a'.repeat(43) };
let simulator: WechatSimulator;
let now = Date.now();

beforeAll(async () => {
  simulator = await startWechatSimulator({ port: 0, component, now: () => now });
});
afterAll(() => simulator.stop());

const get = async (path: string) => (await fetch(`${simulator.url}${path}`)).json() as Promise<any>;
const post = async (path: string, body: unknown) =>
  (await fetch(`${simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;

const accountWithToken = async (input: Record<string, unknown> = {}) => {
  const account = await post('/__sim/accounts', input);
  const { access_token } = await get(`/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`);
  return { appid: account.appid as string, token: access_token as string };
};

const order = { thing1: { value: '拿铁咖啡' }, character_string2: { value: 'SO20261206-0001' }, amount3: { value: '¥28.50' }, time4: { value: '2026年12月6日 15:01' } };

describe('WeChat simulator: template messages', () => {
  // api_add_template: "选用的类目模板的关键词,按顺序传入,如果为空,或者关键词不在模板库中,会返回40246错误码";
  // get_all_private_template's template_list; del_private_template:
  // developers.weixin.qq.com/doc/service/api/notify/template/api_addtemplate
  it('adds a category template by its keywords (40246 for an empty list or a name not in it), lists and deletes it', async () => {
    const { token } = await accountWithToken();

    const empty = await post(`/cgi-bin/template/api_add_template?access_token=${token}`, { template_id_short: '47123', keyword_name_list: [] });
    const unknown = await post(`/cgi-bin/template/api_add_template?access_token=${token}`, { template_id_short: '47123', keyword_name_list: ['商品名称', '天气'] });
    const noSuch = await post(`/cgi-bin/template/api_add_template?access_token=${token}`, { template_id_short: '99999', keyword_name_list: ['商品名称'] });
    const added = await post(`/cgi-bin/template/api_add_template?access_token=${token}`, { template_id_short: '47123', keyword_name_list: ['商品名称', '支付时间'] });
    const listed = await get(`/cgi-bin/template/get_all_private_template?access_token=${token}`);
    const deleted = await post(`/cgi-bin/template/del_private_template?access_token=${token}`, { template_id: added.template_id });
    const again = await post(`/cgi-bin/template/del_private_template?access_token=${token}`, { template_id: added.template_id });

    expect(empty).toMatchObject({ errcode: 40246 });
    expect(unknown).toMatchObject({ errcode: 40246 });
    expect(noSuch).toMatchObject({ errcode: 40037 });
    expect(added).toMatchObject({ errcode: 0, template_id: expect.any(String) });
    expect(listed.template_list).toEqual([
      expect.objectContaining({ template_id: added.template_id, title: '订单支付成功通知', content: '商品名称:{{thing1.DATA}}\n支付时间:{{time4.DATA}}' }),
    ]);
    expect(deleted).toMatchObject({ errcode: 0 });
    expect(again).toMatchObject({ errcode: 40037 });
  });

  // Template messages are for verified service accounts ("认证后的服务号"): 48001 otherwise.
  // developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html
  it('answers 48001 to a subscription account and to an unverified service account', async () => {
    const subscription = await accountWithToken({ serviceType: 0 });
    const unverified = await accountWithToken({ verifyType: -1 });

    expect(await get(`/cgi-bin/template/get_all_private_template?access_token=${subscription.token}`)).toMatchObject({ errcode: 48001 });
    expect(await post(`/cgi-bin/message/template/send?access_token=${unverified.token}`, { touser: 'o'.repeat(28), template_id: 'x', data: {} })).toMatchObject({ errcode: 48001 });
  });

  // message/template/send: 40037 invalid template_id, 40003 invalid openid, 43004 require subscribe,
  // 47003 "argument invalid! data.xxx.value invalid" for a value outside its keyword's type (类目模板消息);
  // client_msg_id "对于同一个openid + client_msg_id, 只发送一条消息,10分钟有效":
  // developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
  it('sends once per openid and client_msg_id within 10 minutes, and refuses with WeChat\'s errcodes', async () => {
    const { appid, token } = await accountWithToken();
    const [openid] = (await post('/__sim/followers', { appid, count: 1 })).openids as string[];
    const { template_id } = await post(`/cgi-bin/template/api_add_template?access_token=${token}`, { template_id_short: '47123', keyword_name_list: ['商品名称', '订单编号', '支付金额', '支付时间'] });
    const send = (body: Record<string, unknown>) => post(`/cgi-bin/message/template/send?access_token=${token}`, { touser: openid, template_id, data: order, ...body });

    const first = await send({ client_msg_id: 'sz-1' });
    const repeat = await send({ client_msg_id: 'sz-1' });
    now += 11 * 60_000;
    const later = await send({ client_msg_id: 'sz-1' });

    expect(first).toMatchObject({ errcode: 0, msgid: expect.any(Number) });
    expect(repeat).toMatchObject({ errcode: 0, msgid: first.msgid });
    expect(later.msgid).not.toBe(first.msgid);
    expect((await get(`/__sim/templates?appid=${appid}`)).sent).toHaveLength(2);

    expect(await send({ template_id: 'nope' })).toMatchObject({ errcode: 40037 });
    expect(await send({ touser: 'not an openid' })).toMatchObject({ errcode: 40003 });
    expect(await send({ touser: 'oNotAFollowerOfThisAccount0' })).toMatchObject({ errcode: 43004 });
    expect(await send({ data: { ...order, thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } } })).toMatchObject({ errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid' });
    expect(await send({ data: { ...order, character_string2: { value: '订单1' } } })).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.character_string2.value') });
    expect(await send({ data: { ...order, amount3: { value: '二十八元' } } })).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.amount3.value') });
    expect(await send({ data: { ...order, time4: { value: '下午三点' } } })).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.time4.value') });
    expect(await send({ data: { ...order, thing1: { value: '拿铁\n咖啡' } } })).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.thing1.value') });
  });
});
