import { perAppid, type SimContext } from './context';
import { pushAccountEvent } from './push';
import { httpFaultOf } from './http-fault';
import { json, okOr, type Reply, type Routes, type SimRequest } from './reply';
import { hex } from './state';

/**
 * Template messages (模板消息) of the simulated accounts under WeChat's rules of 2023-05-04
 * (类目模板消息: developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html;
 * the per-API pages under developers.weixin.qq.com/doc/service/api/notify/template/):
 * - template/get_industry: the account's primary and secondary industry;
 * - template/api_add_template {template_id_short, keyword_name_list}: a category template picked
 *   from the library by the names of its keywords, in order; an empty list or a name the library
 *   does not hold is 40246 "keyword name invalid"; an unknown template_id_short 40037; 25
 *   templates at most per account (45026);
 * - template/get_all_private_template: template_list of template_id, title, primary_industry,
 *   deputy_industry, content ("{{thing1.DATA}}"…), example;
 * - template/del_private_template {template_id}: 40037 for one the account does not have;
 * - message/template/send {touser, template_id, url?, miniprogram?, client_msg_id?, data}: 40037
 *   a template the account does not have, 40003 an openid that is not one, 43004 "require
 *   subscribe" a user who does not follow, 47003 "argument invalid! data.<key>.value invalid" a
 *   value outside its keyword's type (thing ≤ 20 characters, character_string ≤ 32 letters, digits
 *   or symbols, phrase ≤ 5 Chinese characters, time / date / amount in their formats, const one of
 *   the approved values; no line break anywhere); `first`, `remark` and colours are ignored (no
 *   longer shown). `client_msg_id`: "对于同一个openid + client_msg_id, 只发送一条消息,10分钟有效" —
 *   WeChat does not document what it answers to the repeat; the simulator answers ok with the
 *   first msgid and sends nothing more. Verified service accounts only (48001 otherwise, the
 *   context's permission check); the day's quota (45009) likewise;
 * - TEMPLATESENDJOBFINISH pushed to the account's callback for each send, from the follower:
 *   Status "success", "failed:user block" (the user refuses the account's messages) or
 *   "failed: system failed".
 * This module's checks are the simulator's own, written from those pages (not the product's).
 */
export const TemplateError = {
  invalidTemplateId: { errcode: 40037, errmsg: 'invalid template_id' },
  invalidOpenid: { errcode: 40003, errmsg: 'invalid openid' },
  requireSubscribe: { errcode: 43004, errmsg: 'require subscribe' },
  keywordNameInvalid: { errcode: 40246, errmsg: 'keyword name invalid' },
  tooManyTemplates: { errcode: 45026, errmsg: 'template num exceeds limit' },
  invalidArgument: (key: string) => ({ errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` }),
  missingData: { errcode: 47003, errmsg: 'argument invalid! data is empty' },
} as const;

interface LibraryKeyword {
  name: string;
  type: string;
  /** const: the value WeChat approved (the template's example shows it). */
  values?: string[];
}

/** A few category templates of the library (numbers and keywords as the back office shows such templates). */
export const templateLibrary: Record<string, { title: string; primary: string; deputy: string; keywords: LibraryKeyword[] }> = {
  '47123': {
    title: '订单支付成功通知',
    primary: 'IT科技',
    deputy: '互联网|电子商务',
    keywords: [
      { name: '商品名称', type: 'thing' },
      { name: '订单编号', type: 'character_string' },
      { name: '支付金额', type: 'amount' },
      { name: '支付时间', type: 'time' },
      { name: '订单状态', type: 'phrase' },
      { name: '配送方式', type: 'const', values: ['快递配送'] },
    ],
  },
  '43216': {
    title: '预约成功通知',
    primary: 'IT科技',
    deputy: '互联网|电子商务',
    keywords: [
      { name: '预约项目', type: 'thing' },
      { name: '预约日期', type: 'date' },
      { name: '门店电话', type: 'phone_number' },
      { name: '车牌号', type: 'car_number' },
      { name: '联系人', type: 'name' },
      { name: '人数', type: 'number' },
    ],
  },
};
const maxTemplates = 25;
const clientMsgIdWindowMs = 10 * 60_000;

interface PrivateTemplate {
  template_id: string;
  title: string;
  primary_industry: string;
  deputy_industry: string;
  content: string;
  example: string;
  /** The simulator's own: const keywords' approved values. */
  approved: Record<string, string[]>;
}

interface Sent {
  openid: string;
  msgid: number;
  template_id: string;
  data: Record<string, unknown>;
  client_msg_id?: string;
  url?: string;
  at: number;
  status?: string;
}

interface Controls {
  /** Followers who refuse the account's messages: their push says failed:user block. */
  refusing: string[];
  /** Followers WeChat fails to reach: failed: system failed. */
  failing: string[];
  /** The next n sends are made, then answered with a gateway error (the answer lost on the way). */
  loseAnswers: number;
  pushDelayMs: number;
  dropPushes: boolean;
}

class TemplateBox {
  readonly templates = new Map<string, PrivateTemplate>();
  readonly sent: Sent[] = [];
  /** `${openid} ${client_msg_id}` → the first send's msgid and time. */
  readonly recent = new Map<string, { msgid: number; at: number }>();
  readonly pushes: Record<string, unknown>[] = [];
  calls = 0;
  controls: Controls = { refusing: [], failing: [], loseAnswers: 0, pushDelayMs: 50, dropPushes: false };
}

const han = /\p{Script=Han}/u;
const len = (s: string) => [...s].length;
const hm = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?';
const ymd = '\\d{4}(?:年\\d{1,2}月\\d{1,2}日|[-/]\\d{1,2}[-/]\\d{1,2})';
const oneOrRange = (p: string) => new RegExp(`^${p}(?:\\s*~\\s*${p})?$`);
const timeRe = oneOrRange(`(?:${ymd}\\s*)?${hm}`);
const dateRe = oneOrRange(`${ymd}(?:\\s*${hm})?`);

/** Whether WeChat takes `v` for a keyword of `type` (the type table of the 类目模板 rules). */
const fits = (type: string, v: string, approved: string[] | undefined): boolean => {
  switch (type) {
    case 'thing':
      return len(v) <= 20;
    case 'character_string':
      return len(v) <= 32 && /^[\x21-\x7e ]+$/.test(v);
    case 'phrase':
      return /^\p{Script=Han}{1,5}$/u.test(v);
    case 'number':
      return /^-?\d{1,32}(?:\.\d+)?$/.test(v);
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(v);
    case 'symbol':
      return len(v) <= 5 && /^[\p{P}\p{S}]+$/u.test(v);
    case 'time':
      return timeRe.test(v);
    case 'date':
      return dateRe.test(v);
    case 'amount':
      return /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(v);
    case 'phone_number':
      return /^[\d+\-() ]{1,17}$/.test(v);
    case 'car_number':
      return len(v) <= 8 && /^[\p{Script=Han}A-Za-z0-9]+$/u.test(v) && ![...v].slice(1, -1).some((c) => han.test(c));
    case 'name':
      return han.test(v) ? len(v) <= 10 : len(v) <= 20;
    case 'const':
      return approved ? approved.includes(v) : len(v) <= 20;
    default:
      return true;
  }
};

const keywordsOf = (content: string) => [...content.matchAll(/\{\{([a-z_]+?)(\d+)\.DATA\}\}/g)].map((m) => ({ key: `${m[1]}${m[2]}`, type: m[1]! }));

/** WeChat's first complaint about `data` for a template, or undefined. */
const checkData = (template: PrivateTemplate, data: unknown) => {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return TemplateError.missingData;
  for (const { key, type } of keywordsOf(template.content)) {
    const value = (data as Record<string, { value?: unknown } | undefined>)[key]?.value;
    if (typeof value !== 'string' || value === '' || /[\r\n]/.test(value) || !fits(type, value, template.approved[key])) return TemplateError.invalidArgument(key);
  }
  return undefined;
};

export const templates = (ctx: SimContext): Routes => {
  const boxOf = perAppid(() => new TemplateBox());
  ctx.keepPerAppid('templates', boxOf);
  const viaOf = (req: SimRequest): 'own' | 'component' => {
    const checked = ctx.state.check(req.query.get('access_token') ?? undefined, 'access');
    return typeof checked === 'object' ? checked.via : 'own';
  };
  const call = (req: SimRequest, path: string, body: (appid: string) => Reply | Promise<Reply>) =>
    ctx.accountCall(req, path, (appid) => {
      boxOf(appid).calls++;
      return body(appid);
    });

  const push = async (appid: string, via: 'own' | 'component', sent: Sent) => {
    const box = boxOf(appid);
    const account = ctx.state.accounts.get(appid);
    const Status = box.controls.refusing.includes(sent.openid) ? 'failed:user block' : box.controls.failing.includes(sent.openid) ? 'failed: system failed' : 'success';
    sent.status = Status;
    const message = {
      ToUserName: account?.username ?? `gh_${appid.slice(-12)}`,
      FromUserName: sent.openid,
      CreateTime: Math.floor(ctx.now() / 1000),
      MsgType: 'event',
      Event: 'TEMPLATESENDJOBFINISH',
      MsgID: sent.msgid,
      Status,
    };
    await pushAccountEvent(ctx, appid, via, message, box);
  };

  return {
    'GET /cgi-bin/template/get_industry': (req) =>
      call(req, 'cgi-bin/template/get_industry', () =>
        json({ primary_industry: { first_class: 'IT科技', second_class: '互联网|电子商务' }, secondary_industry: { first_class: 'IT科技', second_class: 'IT软件与服务' } }),
      ),
    'POST /cgi-bin/template/api_add_template': (req) =>
      call(req, 'cgi-bin/template/api_add_template', (appid) => {
        const box = boxOf(appid);
        const entry = templateLibrary[String(req.body['template_id_short'] ?? '')];
        if (!entry) return json(TemplateError.invalidTemplateId);
        const names = req.body['keyword_name_list'];
        if (!Array.isArray(names) || names.length === 0) return json(TemplateError.keywordNameInvalid);
        const chosen = names.map((n) => entry.keywords.findIndex((k) => k.name === n));
        if (chosen.some((i) => i < 0) || new Set(chosen).size !== chosen.length) return json(TemplateError.keywordNameInvalid);
        if (box.templates.size >= maxTemplates) return json(TemplateError.tooManyTemplates);
        // A keyword is numbered by its place in the library's template, whichever were picked.
        const parts = chosen.map((i) => ({ k: entry.keywords[i]!, key: `${entry.keywords[i]!.type}${i + 1}` }));
        const template: PrivateTemplate = {
          template_id: `${hex(8)}-${hex(12)}`.slice(0, 43),
          title: entry.title,
          primary_industry: entry.primary,
          deputy_industry: entry.deputy,
          content: parts.map((p) => `${p.k.name}:{{${p.key}.DATA}}`).join('\n'),
          example: parts.map((p) => `${p.k.name}:${p.k.values?.[0] ?? '…'}`).join('\n'),
          approved: Object.fromEntries(parts.filter((p) => p.k.values).map((p) => [p.key, p.k.values!])),
        };
        box.templates.set(template.template_id, template);
        return json({ errcode: 0, errmsg: 'ok', template_id: template.template_id });
      }),
    'GET /cgi-bin/template/get_all_private_template': (req) =>
      call(req, 'cgi-bin/template/get_all_private_template', (appid) =>
        json({ template_list: [...boxOf(appid).templates.values()].map(({ approved: _approved, ...t }) => t) }),
      ),
    'POST /cgi-bin/template/del_private_template': (req) =>
      call(req, 'cgi-bin/template/del_private_template', (appid) =>
        okOr(boxOf(appid).templates.delete(String(req.body['template_id'] ?? '')) ? undefined : TemplateError.invalidTemplateId),
      ),
    'POST /cgi-bin/message/template/send': (req) =>
      call(req, 'cgi-bin/message/template/send', (appid) => {
        const box = boxOf(appid);
        const template = box.templates.get(String(req.body['template_id'] ?? ''));
        if (!template) return json(TemplateError.invalidTemplateId);
        const openid = String(req.body['touser'] ?? '');
        if (!/^[\w-]{20,64}$/.test(openid)) return json(TemplateError.invalidOpenid);
        if (!ctx.audienceOf(appid).has(openid)) return json(TemplateError.requireSubscribe);
        const problem = checkData(template, req.body['data']);
        if (problem) return json(problem);
        const clientMsgId = typeof req.body['client_msg_id'] === 'string' && req.body['client_msg_id'] ? (req.body['client_msg_id'] as string) : undefined;
        const now = ctx.now();
        const earlier = clientMsgId ? box.recent.get(`${openid} ${clientMsgId}`) : undefined;
        let msgid: number;
        if (earlier && now - earlier.at < clientMsgIdWindowMs) msgid = earlier.msgid;
        else {
          msgid = 3_000_000_000 + box.sent.length * 7 + Math.floor(Math.random() * 7);
          const sent: Sent = { openid, msgid, template_id: template.template_id, data: req.body['data'] as Record<string, unknown>, at: now, ...(clientMsgId ? { client_msg_id: clientMsgId } : {}), ...(req.body['url'] ? { url: String(req.body['url']) } : {}) };
          box.sent.push(sent);
          if (clientMsgId) box.recent.set(`${openid} ${clientMsgId}`, { msgid, at: now });
          const via = viaOf(req);
          setTimeout(() => void push(appid, via, sent).catch((error: unknown) => console.error('[wechat-sim] template push failed:', error)), box.controls.pushDelayMs).unref();
        }
        if (box.controls.loseAnswers > 0) {
          box.controls.loseAnswers--;
          throw httpFaultOf({ status: 502 });
        }
        return json({ errcode: 0, errmsg: 'ok', msgid });
      }),

    // ---- control API ----
    /** What WeChat holds for an account: its templates, each message it sent (after de-duplication), the pushes. */
    'GET /__sim/templates': (req) => {
      const box = boxOf(req.query.get('appid') ?? '');
      return json({ templates: [...box.templates.values()], sent: box.sent, pushes: box.pushes, calls: box.calls });
    },
    /** {appid, refusing?, failing?, loseAnswers?, pushDelayMs?, dropPushes?}. */
    'POST /__sim/templates/controls': (req) => {
      const box = boxOf(String(req.body['appid'] ?? ''));
      const given = req.body as Partial<Controls>;
      box.controls = {
        refusing: Array.isArray(given.refusing) ? given.refusing.map(String) : box.controls.refusing,
        failing: Array.isArray(given.failing) ? given.failing.map(String) : box.controls.failing,
        loseAnswers: given.loseAnswers !== undefined ? Number(given.loseAnswers) : box.controls.loseAnswers,
        pushDelayMs: given.pushDelayMs !== undefined ? Number(given.pushDelayMs) : box.controls.pushDelayMs,
        dropPushes: given.dropPushes !== undefined ? Boolean(given.dropPushes) : box.controls.dropPushes,
      };
      return json(box.controls);
    },
  };
};
