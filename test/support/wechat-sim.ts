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
  /** A menu the operator published in mp.weixin.qq.com's own editor (get_current_selfmenu_info's shape). */
  backOfficeMenu: (appid: string, button: Record<string, unknown>[], isMenuOpen: 0 | 1 = 1) =>
    send('PUT', '/__sim/back-office/menu', { appid, button, is_menu_open: isMenuOpen }),
  /** The auto-replies set in mp.weixin.qq.com's own editor (get_current_autoreply_info's fields). */
  backOfficeAutoreply: (appid: string, info: Record<string, unknown>) => send('PUT', '/__sim/back-office/autoreply', { appid, ...info }),
  createAccount: (input: Partial<SimAccount> = {}) => send<SimAccount>('POST', '/__sim/accounts', input),
  calls: (appid?: string) => send<Record<string, number>>('GET', `/__sim/calls${appid ? `?appid=${appid}` : ''}`),
  fault: (fault: { path: string; appid?: string; errcode?: number; errmsg?: string; times?: number; delayMs?: number; status?: number }) =>
    send('POST', '/__sim/faults', fault),
  /** Every fault (exclusive files only: it clears the faults of every file running beside), or one account's. */
  clearFaults: (appid?: string) => send('DELETE', appid ? `/__sim/faults?appid=${encodeURIComponent(appid)}` : '/__sim/faults'),
  expire: (target: { appid?: string; component?: boolean }) => send('POST', '/__sim/expire', target),
  pushTicket: () => send<{ ticket: string; status: number; body: string }>('POST', '/__sim/component/push-ticket'),
  /** While held, WeChat's `authorized` pushes wait (the owner's redirect still comes at once): a push that trails the browser. */
  holdAuthorizedPushes: (appid: string, hold: boolean) => send('PUT', '/__sim/component/hold-authorized', { appid, hold }),
  releaseAuthorizedPushes: (appid: string) => send<{ results: { status: number; body: string }[] }>('POST', '/__sim/component/release-authorized', { appid }),
  unauthorize: (appid: string) => send<{ status: number; body: string }>('POST', '/__sim/component/unauthorize', { appid }),
  /** A follower's message delivered to the account's callback, as WeChat delivers it. */
  send: (input: {
    appid: string;
    via: 'component' | 'direct';
    mode: 'plain' | 'compat' | 'safe';
    message: Record<string, string | number>;
    repeat?: number;
    timeoutMs?: number;
    token?: string;
    aesKey?: string;
  }) =>
    send<{
      message: Record<string, string | number>;
      attempts: {
        status: number;
        body: string;
        reply: Record<string, any> | null;
        sent?: Record<string, any> | null;
        signatureValid?: boolean;
        error?: string;
      }[];
    }>('POST', '/__sim/follower/send', input),
  addFollowers: (appid: string, count: number, tagid?: number) =>
    send<{ openids: string[] }>('POST', '/__sim/followers', { appid, count, ...(tagid === undefined ? {} : { tagid }) }),
  followers: (appid: string) => send<{ followers: Record<string, any>[] }>('GET', `/__sim/followers?appid=${appid}`),
  /** Every follower WeChat has for the account (the control list 200 at a time). */
  everyFollower: async (appid: string) => {
    const all: Record<string, any>[] = [];
    let next = '';
    for (;;) {
      const page = await send<{ followers: Record<string, any>[]; next?: string }>('GET', `/__sim/followers?appid=${appid}&next=${encodeURIComponent(next)}`);
      all.push(...page.followers);
      if (!page.next) return all;
      next = page.next;
    }
  },
  createTag: (appid: string, name: string) => send<{ id: number; name: string }>('POST', '/__sim/tags', { appid, name }),
  qrRequests: (appid: string) => send<{ requests: any[]; issued: { scene: string; ticket: string; permanent: boolean }[] }>('GET', `/__sim/qrcodes?appid=${appid}`),
  oauthRequests: (appid: string) => send<{ requests: Record<string, string>[] }>('GET', `/__sim/oauth/requests?appid=${appid}`),
  materials: (appid: string) => send<{ materials: Record<string, any>[] }>('GET', `/__sim/materials?appid=${appid}`),
  /** A permanent material as if uploaded in mp.weixin.qq.com: an image of `size` bytes (WeChat takes up to 10 MB), or a news material. */
  seedMaterial: (appid: string, type: 'image' | 'news', size?: number) =>
    send<{ media_id: string }>('POST', '/__sim/materials', { appid, type, ...(size === undefined ? {} : { size }) }),
  /** An authorization code as WeChat's release test hands one over; issued in the past to test its 600 s. */
  authCode: (appid: string, issuedSecondsAgo?: number) =>
    send<{ auth_code: string; expires_in: number }>('POST', '/__sim/component/auth-code', { appid, ...(issuedSecondsAgo === undefined ? {} : { issuedSecondsAgo }) }),
  /** Every ticket pushed so far becomes `seconds` older at WeChat (its 12 hours pass). */
  ageTickets: (seconds: number) => send('POST', '/__sim/component/age-tickets', { seconds }),
  /** What WeChat pushed to the component event URL and how it was answered, newest last. */
  pushes: () => send<{ pushes: { infoType: string; at: number; status: number; body: string }[] }>('GET', '/__sim/component/pushes').then((r) => r.pushes),
  /** The owner changes the authorization (granted sets, or the account's type or verification changed): WeChat pushes updateauthorized. */
  updateAuthorization: (input: { appid: string; funcscopes?: number[]; serviceType?: number; verifyType?: number }) =>
    send<{ status: number; body: string }>('POST', '/__sim/component/update-authorization', input),
  /** A large audience made from a seed (followers computed from their position; 3 tags, 5% remarks, 20% QR scenes). */
  seedAudience: (appid: string, count: number, seed = 'seed') =>
    send<{ total: number; first: string; tagIds: number[] }>('POST', '/__sim/audience/seed', { appid, count, seed }),
  /** WeChat's answer time for an account's calls ([minMs, maxMs]), or none. */
  latency: (appid: string, range: { minMs: number; maxMs: number } | 'off') =>
    send('PUT', '/__sim/latency', range === 'off' ? { appid, off: true } : { appid, ...range }),
  /** Midnight China time for one account: its daily quotas start again. */
  quotaNewDay: (appid: string) => send('POST', '/__sim/quota/new-day', { appid }),
  blacklist: (appid: string) => send<{ openids: string[] }>('GET', `/__sim/audience/blacklist?appid=${appid}`),
  /** The daily quota of one WeChat API of an account (null: WeChat's documented one again). */
  quota: (appid: string, path: string, limit: number | null) => send('PUT', '/__sim/quota', { appid, path, limit }),
  messages: (appid: string) => send<{ messages: any[] }>('GET', `/__sim/messages?appid=${appid}`),
  /** WeChat has not finished a day of an account's data (datacube) yet, or (delayed false) has. */
  datacubeDelayed: (appid: string, day: string, delayed = true) => send('PUT', '/__sim/datacube/delayed', { appid, day, delayed }),
  /** The datacube calls an account made, with WeChat's errcode (0: answered). */
  datacubeCalls: (appid: string) =>
    send<{ calls: { api: string; begin_date: string; end_date: string; errcode: number }[] }>('GET', `/__sim/datacube?appid=${appid}`).then((r) => r.calls),
  /** WeChat's IP whitelist of an account (or of the component, by its appid); null removes it. */
  whitelist: (appid: string, ips: string[] | null) => send('PUT', '/__sim/whitelist', { appid, ips }),
  stableTokenCalls: (appid: string) =>
    send<{ calls: { at: number; force: boolean; outcome: 'issued' | 'same' | 'error' }[] }>('GET', `/__sim/stable-token/calls?appid=${appid}`).then(
      (r) => r.calls,
    ),
  /** A follower taps a button of the menu they see (`button[0].sub_button[1]`); what WeChat pushes reaches the callback. */
  tap: (input: {
    appid: string;
    via: 'component' | 'direct';
    mode: 'plain' | 'compat' | 'safe';
    button: string;
    openid?: string;
    scanResult?: string;
    pics?: string[];
    location?: { x: number; y: number; scale?: number; label?: string; poiname?: string };
  }) =>
    send<{
      button: Record<string, any>;
      pushed: boolean;
      message?: Record<string, any>;
      attempts?: { status: number; body: string; reply: Record<string, any> | null }[];
      error?: string;
    }>('POST', '/__sim/follower/menu', input),
  /** Customer-service messages a follower received. */
  received: (appid: string, openid: string) => send<{ messages: any[] }>('GET', `/__sim/follower/received?appid=${appid}&openid=${openid}`),
  /** Temporary media as WeChat issues for a follower's message. */
  issueMedia: (appid: string, type: 'image' | 'voice' | 'video' | 'thumb', size?: number) =>
    send<{ media_id: string }>('POST', '/__sim/media', { appid, type, ...(size === undefined ? {} : { size }) }),
  /** The follower last opened the 48-hour window at `at` (epoch seconds). */
  interaction: (appid: string, openid: string, at: number, event?: string) =>
    send('POST', '/__sim/follower/interaction', { appid, openid, at, ...(event === undefined ? {} : { event }) }),
  /** The follower's customer-service quotas as the simulator counts them. */
  followerQuota: (appid: string, openid: string) =>
    send<{ quotas: { message?: { atMs: number; used: number }; event?: { atMs: number; used: number } } }>('GET', `/__sim/follower/quota?appid=${appid}&openid=${openid}`),
  tokens: (appid: string) => send<{ access_token: string | null; jsapi_ticket: string | null }>('GET', `/__sim/tokens?appid=${appid}`),
  /** What WeChat holds of an account's drafts, publishes, mass sends, previews and job pushes. */
  content: (appid: string) =>
    send<{ drafts: any[]; images: string[]; publishes: any[]; masses: any[]; previews: any[]; pushes: any[] }>('GET', `/__sim/content?appid=${appid}`),
  /** Publishes fail (2 = the originality check), pushes dropped or delayed, the next answer of a path lost. */
  contentControls: (appid: string, controls: { publishFailure?: { status: number; failIdx: number[] } | null; dropPushes?: boolean; pushDelayMs?: number; loseAnswerOf?: string }) =>
    send('POST', '/__sim/content/controls', { appid, ...controls }),
  /** What WeChat holds of an account's templates, each template message it sent (after client_msg_id de-duplication), the pushes. */
  templates: (appid: string) => send<{ templates: any[]; sent: any[]; pushes: any[]; calls: number }>('GET', `/__sim/templates?appid=${appid}`),
  /** Followers who refuse or cannot be reached (their push's Status), the next answers lost after sending, pushes delayed or dropped. */
  templateControls: (appid: string, controls: { refusing?: string[]; failing?: string[]; loseAnswers?: number; pushDelayMs?: number; dropPushes?: boolean }) =>
    send('POST', '/__sim/templates/controls', { appid, ...controls }),
};
