import { SimError, type SimErrorBody } from './errors';
import { Audience } from './audience';
import { MaterialLibrary } from './materials';
import { Conversations } from './conversations';
import { httpFaultOf } from './http-fault';
import { isError, json, type Reply, type SimRequest } from './reply';
import { releaseTestAccounts } from './release-test';
import { newAccount, SimState, type CredentialKind, type SimAccount } from './state';
import { Whitelists } from './whitelist';
import { mayCall } from './permissions';
import { Quotas } from './quotas';
import { refill, restoreInto, SimPersistence, encode } from './persistence';

export interface SimulatorOptions {
  port: number;
  component: { appid: string; secret: string; token: string; aesKey: string };
  componentEventUrl?: string;
  /** The platform's public base URL: followers' messages go to <base>/wxplatform/callback/<appid>. */
  callbackBase?: string;
  tokenLifetimeSeconds?: number;
  now?: () => number;
  /** Where the simulator keeps its state between runs (`npm start`'s data folder); none: memory only. */
  stateFile?: string;
}

export const demoAccounts: Partial<SimAccount>[] = [
  { appid: 'wx00000000000demo1', nickname: '街角咖啡', secret: 'de0000000000000000000000000000d1' },
  { appid: 'wx00000000000demo2', nickname: '书香书店', secret: 'de0000000000000000000000000000d2' },
];

/**
 * What more than one area of the simulator reads or writes, and the checks every WeChat call goes
 * through (counting, armed faults, credentials). What only one area uses (menus, QR requests,
 * OAuth codes, stable-token log, sent messages) that area keeps to itself.
 */
export interface SimContext {
  options: SimulatorOptions;
  now: () => number;
  state: SimState;
  component: SimulatorOptions['component'];
  whitelists: Whitelists;
  /** Daily API quotas per account (45009) and their monthly resets. */
  quotas: Quotas;
  /** How long WeChat takes to answer an account's calls ([min, max] ms; none unless set, so unrelated tests stay fast). */
  latency: Map<string, { minMs: number; maxMs: number }>;
  /** Where followers' messages go (set by the control API; read when a follower sends or taps). */
  callbackBase: string | undefined;
  /** This simulator's own base URL, known once it listens (download links point at it). */
  selfUrl: string;
  audienceOf: PerAppid<Audience>;
  libraryOf: PerAppid<MaterialLibrary>;
  conversationsOf: PerAppid<Conversations>;
  /** What survives a restart: an area registers its stores here (persistence.ts). */
  persistence: SimPersistence;
  /** Keeps an area's per-appid store across restarts, under `name`. */
  keepPerAppid<T extends object>(name: string, store: PerAppid<T>): void;
  /** Whether a permanent material exists (menus and customer-service messages refer to them). */
  materialExists(appid: string): (id: string) => boolean;
  /** Counts the call against `appid`, plays an armed fault. An error body means: answer it. */
  gate(path: string, appid: string): Promise<SimErrorBody | undefined>;
  /** Checks a credential from the query; answers WeChat's error for a bad one. */
  credential(req: SimRequest, param: string, kind: CredentialKind): { appid: string } | SimErrorBody;
  /**
   * Calls made with an account's access_token: check it, count and gate against its owner; then, as
   * WeChat does for every such API, the IP whitelist that governs the token (the account's own,
   * 40164, for its own token; the platform's, 61004, for an authorizer token), what the account
   * may call (48001) and the API's daily quota (45009).
   */
  accountCall(req: SimRequest, path: string, body: (appid: string) => Reply | Promise<Reply>): Promise<Reply>;
  /** component_access_token calls: check the token, then count and gate against `appid`. */
  componentCall(req: SimRequest, path: string, appid: string, body: () => Reply | Promise<Reply>): Promise<Reply>;
}

/** One `T` per appid, made on first use; `items` are the ones made so far. */
export type PerAppid<T> = ((appid: string) => T) & { readonly items: Map<string, T> };

export const perAppid = <T>(make: () => T): PerAppid<T> => {
  const items = new Map<string, T>();
  return Object.assign((appid: string) => items.get(appid) ?? items.set(appid, make()).get(appid)!, { items });
};

export const createContext = (options: SimulatorOptions): SimContext => {
  const now = options.now ?? Date.now;
  const state = new SimState(now, options.tokenLifetimeSeconds ?? 7200);
  for (const demo of demoAccounts) {
    const account = newAccount(demo);
    state.accounts.set(account.appid, account);
  }
  for (const test of releaseTestAccounts) {
    state.accounts.set(test.appid, newAccount({ appid: test.appid, username: test.username, nickname: `全网发布测试 ${test.group} (${test.kind})` }));
  }
  const whitelists = new Whitelists();
  const quotas = new Quotas(now);
  const libraryOf = perAppid(() => new MaterialLibrary());
  const audienceOf = perAppid(() => new Audience());
  const conversationsOf = perAppid(() => new Conversations());
  const persistence = new SimPersistence(options.stateFile);
  const keepPerAppid = <T extends object>(name: string, store: PerAppid<T>) =>
    persistence.keep(name, {
      save: () => Object.fromEntries([...store.items].map(([appid, item]) => [appid, encode(item)])),
      load: (data) => {
        for (const [appid, item] of Object.entries(data as Record<string, unknown>)) restoreInto(store(appid), item);
      },
    });
  // The credentials WeChat issued (tokens, refresh tokens, tickets, codes) and the accounts with
  // their keys and original IDs: what our own stored tokens and bindings refer to.
  const keptState = ['accounts', 'credentials', 'latest', 'tickets', 'preAuthCodes', 'authCodes', 'refreshTokens'] as const;
  persistence.keep('state', {
    save: () => Object.fromEntries(keptState.map((name) => [name, encode(state[name])])),
    load: (data) => {
      const saved = data as Record<string, unknown>;
      // Accounts are merged: a demo or release-test account added to the simulator since still appears.
      for (const name of keptState) if (saved[name] !== undefined) refill(state[name] as Map<unknown, unknown>, saved[name], name !== 'accounts');
    },
  });
  keepPerAppid('audiences', audienceOf);
  keepPerAppid('materials', libraryOf);
  keepPerAppid('conversations', conversationsOf);
  persistence.keep('whitelists', { save: () => encode(whitelists), load: (data) => restoreInto(whitelists, data) });
  const latency = new Map<string, { minMs: number; maxMs: number }>();
  const answerTime = async (appid: string) => {
    const l = latency.get(appid);
    if (l) await new Promise((r) => setTimeout(r, l.minMs + Math.random() * (l.maxMs - l.minMs)));
  };

  const gate = async (path: string, appid: string): Promise<SimErrorBody | undefined> => {
    state.count(path, appid);
    const fault = state.takeFault(path, appid);
    if (!fault) return undefined;
    if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
    // An HTTP fault is thrown and answered as is by the server, wherever the route's handler is.
    if (fault.status !== undefined) throw httpFaultOf({ ...fault, status: fault.status });
    return fault.errcode === undefined ? undefined : { errcode: fault.errcode, errmsg: fault.errmsg ?? 'injected fault' };
  };

  const credential = (req: SimRequest, param: string, kind: CredentialKind): { appid: string } | SimErrorBody => {
    const value = req.query.get(param) ?? undefined;
    if (!value) return SimError.missingParameter;
    const result = state.check(value, kind);
    if (result === 'invalid') return SimError.invalidCredential;
    if (result === 'expired') return SimError.accessTokenExpired;
    return result;
  };

  return {
    options,
    now,
    state,
    component: options.component,
    whitelists,
    quotas,
    latency,
    callbackBase: options.callbackBase,
    selfUrl: '',
    audienceOf,
    libraryOf,
    conversationsOf,
    persistence,
    keepPerAppid,
    materialExists: (appid) => (id) => libraryOf(appid).items.has(id),
    gate,
    credential,
    accountCall: async (req, path, body) => {
      const owner = credential(req, 'access_token', 'access');
      const failure = (await gate(path, isError(owner) ? '' : owner.appid)) ?? (isError(owner) ? owner : undefined);
      if (failure) return json(failure);
      const { appid, via } = owner as { appid: string; via: 'own' | 'component' };
      const blocked = via === 'component' ? whitelists.checkComponent(options.component.appid, req.ip) : whitelists.checkAccount(appid, req.ip);
      if (blocked) return json(blocked);
      if (!mayCall(state.accounts.get(appid), path, via === 'component')) return json(SimError.apiUnauthorized);
      await answerTime(appid);
      if (!quotas.spend(appid, path)) return json(SimError.dailyQuota);
      return body(appid);
    },
    componentCall: async (req, path, appid, body) => {
      const owner = credential(req, 'component_access_token', 'component');
      const failure =
        (await gate(path, appid)) ?? whitelists.checkComponent(options.component.appid, req.ip) ?? (isError(owner) ? owner : undefined);
      if (failure) return json(failure);
      if (req.body['component_appid'] !== options.component.appid) return json(SimError.invalidComponent);
      return body();
    },
  };
};
