import { inject } from 'vitest';
import type { SimAccount } from '../../local/wechat-sim/state';

/** A typed client of the WeChat simulator's control API (/__sim/). */
const base = () => inject('wechatBase');

const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${base()}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return (await res.json()) as T;
};

export type { SimAccount } from '../../local/wechat-sim/state';

export const sim = {
  createAccount: (input: Partial<SimAccount> = {}) => send<SimAccount>('POST', '/__sim/accounts', input),
  calls: (appid?: string) => send<Record<string, number>>('GET', `/__sim/calls${appid ? `?appid=${appid}` : ''}`),
  fault: (fault: { path: string; appid?: string; errcode?: number; errmsg?: string; times?: number; delayMs?: number }) =>
    send('POST', '/__sim/faults', fault),
  clearFaults: () => send('DELETE', '/__sim/faults'),
  expire: (target: { appid?: string; component?: boolean }) => send('POST', '/__sim/expire', target),
  pushTicket: () => send<{ ticket: string; status: number; body: string }>('POST', '/__sim/component/push-ticket'),
  unauthorize: (appid: string) => send<{ status: number; body: string }>('POST', '/__sim/component/unauthorize', { appid }),
  tokens: (appid: string) => send<{ access_token: string | null; jsapi_ticket: string | null }>('GET', `/__sim/tokens?appid=${appid}`),
};
