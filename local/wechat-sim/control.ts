import type { SimContext } from './context';
import { json, type Routes } from './reply';
import { newAccount, type Fault, type SimAccount } from './state';

/**
 * The control API every area shares (ours, not WeChat's): official accounts, call counters and
 * injected faults. An area's own control routes (/__sim/followers, /__sim/component/…) live in
 * that area's module.
 */
export const control = ({ state, latency }: SimContext): Routes => ({
  'GET /__sim/accounts': () => json({ accounts: [...state.accounts.values()] }),
  'POST /__sim/accounts': (req) => {
    const account = newAccount(req.body as Partial<SimAccount>);
    state.accounts.set(account.appid, account);
    return json(account);
  },
  'GET /__sim/calls': (req) => json(state.counts(req.query.get('appid') ?? undefined)),
  'POST /__sim/calls/reset': () => {
    state.calls.clear();
    return json({ ok: true });
  },
  /**
   * {path, appid?, errcode?, errmsg?, times? (default 1, -1 = always), delayMs?, status?, body?,
   * contentType?}: the next calls of a WeChat path answer an errcode, a delay, or an HTTP 5xx.
   */
  'POST /__sim/faults': (req) => {
    const fault: Fault = {
      path: String(req.body['path'] ?? '').replace(/^\/+/, ''),
      ...(req.body['appid'] ? { appid: String(req.body['appid']) } : {}),
      ...(req.body['errcode'] !== undefined ? { errcode: Number(req.body['errcode']) } : {}),
      ...(req.body['errmsg'] ? { errmsg: String(req.body['errmsg']) } : {}),
      remaining: req.body['times'] === undefined ? 1 : Number(req.body['times']),
      delayMs: Number(req.body['delayMs'] ?? 0),
      ...(req.body['status'] !== undefined ? { status: Number(req.body['status']) } : {}),
      ...(typeof req.body['body'] === 'string' ? { body: req.body['body'] } : {}),
      ...(typeof req.body['contentType'] === 'string' ? { contentType: req.body['contentType'] } : {}),
    };
    state.faults.push(fault);
    return json(fault);
  },
  'GET /__sim/faults': () => json({ faults: state.faults }),
  /**
   * {appid, minMs, maxMs} (or {appid, off: true}): every API call of the account is answered after a
   * time drawn in [minMs, maxMs] (WeChat's own take 30–80 ms from a server in mainland China).
   */
  'PUT /__sim/latency': (req) => {
    const appid = String(req.body['appid'] ?? '');
    if (req.body['off']) latency.delete(appid);
    else latency.set(appid, { minMs: Number(req.body['minMs'] ?? 30), maxMs: Number(req.body['maxMs'] ?? 80) });
    return json({ ok: true });
  },
  /** ?appid=: that account's faults only (a file running beside others clears its own); none: all. */
  'DELETE /__sim/faults': (req) => {
    const appid = req.query.get('appid');
    state.faults = appid ? state.faults.filter((f) => f.appid !== appid) : [];
    return json({ ok: true });
  },
});
