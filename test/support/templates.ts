import { expect } from 'vitest';
import type { UserWithAccount } from './accounts';
import { call } from './http';

/** The template messages area's routes as the owner. */
export const templates = (owner: UserWithAccount, route: string, json: Record<string, unknown> = {}) =>
  call(`/apis/templates/${route}`, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

/** A category template of the simulator's library (47123 订单支付成功通知) with the keywords named, added through the API. */
export const addOrderTemplate = async (owner: UserWithAccount, keywordNames = ['商品名称', '订单编号', '支付金额', '支付时间', '订单状态']) => {
  const res = await templates(owner, 'add', { templateIdShort: '47123', keywordNames });
  expect(res.body.errcode, res.text).toBe(0);
  return res.body.template as { templateId: string; content: string; keywords: { key: string; type: string; label: string; rule: string; limit?: number | string }[] };
};

/** Values within each keyword's type for the template above. */
export const orderValues = {
  thing1: { value: '拿铁咖啡（大杯）' },
  character_string2: { value: 'SO20261206-0001' },
  amount3: { value: '¥28.50' },
  time4: { value: '2026年12月6日 15:01' },
  phrase5: { value: '已支付' },
};

/** Polls listSends until the send satisfies `until` (or fails the test after `timeoutMs`). */
export const waitForTemplateSend = async (owner: UserWithAccount, sendId: string, until: (send: Record<string, any>) => boolean, timeoutMs = 120_000): Promise<Record<string, any>> => {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, any> | undefined;
  for (;;) {
    const res = await templates(owner, 'listSends', { limit: 50 });
    expect(res.body.errcode, res.text).toBe(0);
    last = (res.body.sends as Record<string, any>[]).find((s) => s.sendId === sendId);
    if (last && until(last)) return last;
    if (Date.now() > deadline) throw new Error(`the send did not get there in time: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};
