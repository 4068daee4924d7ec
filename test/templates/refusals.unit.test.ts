import { describe, expect, it } from 'vitest';
import '../../src/templates/stop-rule-texts';
import { stopText } from '../../src/core/messages/stop-text';
import { refusalStop } from '../../src/templates/refusals';
import { WechatApiError } from '../../src/wechat/api-error';

/**
 * Why a template send ended, for a person, from WeChat's refusal of message/template/send
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html):
 * 40037 invalid template_id, 47003 "argument invalid! data.<key>.value invalid", 43004 require
 * subscribe, 43101 user refuse to accept the msg, 45009 the daily quota.
 */
const refused = (errcode: number, errmsg: string) => new WechatApiError(errcode, errmsg, 'cgi-bin/message/template/send');
const keywords = [{ key: 'thing1', label: '商品名称' }];

describe('a template send’s refusal in words', () => {
  it('names each of WeChat’s refusals with its next step, in Chinese and English', () => {
    expect(stopText(refusalStop(refused(40037, 'invalid template_id'), keywords), 'zh-CN')).toBe('微信表示本公众号已没有这个模板（可能已在公众平台删除），发送已停止：请在「模板消息」中重新添加模板后再发送');
    expect(stopText(refusalStop(refused(43004, 'require subscribe'), keywords), 'zh-CN')).toBe('这位用户没有关注本公众号（或已取消关注），收不到模板消息');
    expect(stopText(refusalStop(refused(43101, 'user refuse to accept the msg'), keywords), 'zh-CN')).toBe('这位用户已设置拒收本公众号的模板消息');
    expect(stopText(refusalStop(refused(43101, 'user refuse to accept the msg'), keywords), 'en')).toBe("This user has turned off the official account's template messages.");
  });

  it('names a refused value by the label the template writes before it, not its key; an unknown key by neither', () => {
    const stop = refusalStop(refused(47003, 'argument invalid! data.thing1.value invalid rid: 1'), keywords);
    expect(stop).toEqual({ errcode: 0, rule: 'templateSend.valueRefused', given: '商品名称', wxerrcode: 47003 });
    expect(stopText(stop, 'zh-CN')).toBe('微信拒绝了“商品名称”的内容（不符合该项的类型要求），发送已停止：请修改后重新发送');
    expect(stopText(refusalStop(refused(47003, 'argument invalid! data.time9.value invalid'), keywords), 'zh-CN')).toBe('微信拒绝了模板中一项的内容（不符合该项的类型要求），发送已停止：请修改后重新发送');
  });

  it('words the daily quota (45009) by its rule, and any other refusal by WeChat’s errcode', () => {
    expect(refusalStop(refused(45009, 'reach max api daily quota limit'))).toMatchObject({ errcode: 42910, rule: 'wechatDailyApiQuota', wxerrcode: 45009 });
    expect(stopText(refusalStop(refused(45009, 'reach max api daily quota limit')), 'zh-CN')).toMatch(/^该公众号今天调用此接口的次数已达微信的上限/);
    expect(stopText(refusalStop(refused(40013, 'invalid appid')), 'zh-CN')).toContain('40013');
  });
});
