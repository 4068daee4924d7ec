import { SimError } from './errors';
import type { SimContext } from './context';
import { json, type Routes } from './reply';
import { StableTokens } from './stable-token';

/**
 * An official account's own credentials: cgi-bin/token, cgi-bin/stable_token (its limits in
 * stable-token.ts), the JS-SDK ticket, and the account's IP whitelist (whitelist.ts: 40164 for
 * token/stable_token, 61004 for the component's calls). The control API sets whitelists, reads the
 * stable-token log and the current tokens, and expires tokens.
 */
export const TicketError = {
  invalidArgs: { errcode: 40097, errmsg: 'invalid args' },
} as const;

/** getticket hands out the current ticket until it has less than this left. */
const ticketRenewalSeconds = 300;

export const tokens = (ctx: SimContext): Routes => {
  const { state, whitelists } = ctx;
  const stableTokens = new StableTokens(state);
  return {
    'GET /cgi-bin/token': async (req) => {
      const appid = req.query.get('appid') ?? '';
      const failure = await ctx.gate('cgi-bin/token', appid);
      if (failure) return json(failure);
      if (req.query.get('grant_type') !== 'client_credential') return json(SimError.invalidGrantType);
      const account = state.accounts.get(appid);
      if (!account) return json(SimError.invalidAppid);
      if (req.query.get('secret') !== account.secret) return json(SimError.invalidAppsecret);
      const blocked = whitelists.checkAccount(appid, req.ip);
      if (blocked) return json(blocked);
      const token = state.issue(appid, 'access', '#token');
      return json({ access_token: token.value, expires_in: token.expiresIn });
    },

    'POST /cgi-bin/stable_token': async (req) => {
      const appid = String(req.body['appid'] ?? '');
      const failure = await ctx.gate('cgi-bin/stable_token', appid);
      if (failure) return json(failure);
      if (req.body['grant_type'] !== 'client_credential') return json(SimError.invalidGrantType);
      const account = state.accounts.get(appid);
      if (!account) return json(SimError.invalidAppid);
      if (req.body['secret'] !== account.secret) return json(SimError.invalidAppsecret);
      return json(whitelists.checkAccount(appid, req.ip) ?? stableTokens.answer(appid, req.body['force_refresh'] === true));
    },

    'GET /cgi-bin/ticket/getticket': (req) =>
      ctx.accountCall(req, 'cgi-bin/ticket/getticket', (appid) => {
        if (req.query.get('type') !== 'jsapi') return json(TicketError.invalidArgs);
        const ticket = state.current(appid, 'jsapi', ticketRenewalSeconds) ?? state.issue(appid, 'jsapi').value;
        const left = Math.floor((state.credentials.get(ticket)!.expiresAt - ctx.now()) / 1000);
        return json({ errcode: 0, errmsg: 'ok', ticket, expires_in: left });
      }),

    // ---- control API ----
    /** {appid, ips: [...] | null}: WeChat's IP whitelist of an account, or of the component (its appid). */
    'PUT /__sim/whitelist': (req) => {
      whitelists.set(String(req.body['appid'] ?? ''), Array.isArray(req.body['ips']) ? req.body['ips'].map(String) : null);
      return json({ ok: true });
    },
    'GET /__sim/stable-token/calls': (req) => json({ calls: stableTokens.calls(req.query.get('appid') ?? '') }),
    'POST /__sim/expire': (req) => {
      if (req.body['component']) state.expire(ctx.component.appid, ['component']);
      if (req.body['appid']) state.expire(String(req.body['appid']), ['access', 'jsapi']);
      return json({ ok: true });
    },
    'GET /__sim/tokens': (req) => {
      const appid = req.query.get('appid') ?? '';
      return json({ access_token: state.current(appid, 'access') ?? null, jsapi_ticket: state.current(appid, 'jsapi') ?? null });
    },
  };
};
