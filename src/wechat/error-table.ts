import type { ErrorCodeValue } from '../core/errors';

/**
 * WeChat's errcodes as the API's own (SPEC §3). A refusal that is the caller's fault (an unknown
 * media_id, a duplicate tag name, an openid that does not follow the account, a limit) is answered
 * as that fault, not as a 502; `wxerrcode`/`wxerrmsg` still travel with it. Codes not listed stay
 * 50200. Pure data and one lookup, no imports at run time (errors.ts builds WechatApiError from it).
 *
 * Sources: WeChat's global return codes and each API's error table
 * (developers.weixin.qq.com/doc/service/api/ … usermanage/tag/api_createtag: 45157 duplicate name,
 * 45158 name over 30 bytes, 45056 over 100 tags, 45058 system tags 0/1/2, 45057 tag with more than
 * 100,000 followers; material: 40007 invalid media_id; oauth2: 40029 invalid code, 40163 code used).
 * 61004 / 40164 carry the caller's IP in errmsg ("access clientip is not registered … requestIP:
 * 1.2.3.4", "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: …").
 */
export interface WechatErrorMapping {
  errcode: ErrorCodeValue;
  status: number;
  /** What the caller should know, in the `field: what is wrong` style where a field is at fault. */
  message: (wxerrmsg: string) => string;
  /** Fields the answer carries beside errcode and msg (e.g. a quota's `rule` and `resetsAt`). */
  extra?: (now: Date) => Record<string, unknown>;
}

const invalid = (message: string | ((wxerrmsg: string) => string)): WechatErrorMapping => ({ errcode: 40000, status: 400, message: typeof message === 'string' ? () => message : message });
const notFound = (message: string): WechatErrorMapping => ({ errcode: 40400, status: 404, message: () => message });
const conflict = (message: string): WechatErrorMapping => ({ errcode: 40900, status: 409, message: () => message });

/** The IPv4 address WeChat saw, as its errmsg names it. */
export const callerIpFrom = (wxerrmsg: string): string | undefined =>
  wxerrmsg.match(/(?:invalid ip|requestIP:)\s*([0-9a-fA-F.:]+?)(?:[\s,]|$)/)?.[1];

const whitelist = (where: string): WechatErrorMapping => ({
  errcode: 50200,
  status: 502,
  message: (wxerrmsg) => {
    const ip = callerIpFrom(wxerrmsg);
    return `WeChat refused the call because ${ip ? `the IP ${ip}` : "the platform's outbound IP"} is not on ${where}: add ${ip ?? 'the addresses in the stack outputs (EgressIp*)'} there`;
  },
});

/**
 * WeChat's daily API quotas restart at midnight China time (UTC+8, no daylight saving): the next
 * 16:00 UTC.
 */
export const nextChinaMidnight = (now: Date): string => {
  const reset = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 16));
  if (reset.getTime() <= now.getTime()) reset.setUTCDate(reset.getUTCDate() + 1);
  return reset.toISOString();
};

/** The first day of next month, midnight China time: when WeChat's 10 monthly quota resets come back. */
export const nextChinaMonth = (now: Date): string => {
  const china = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() + 1, 1) - 8 * 3600_000).toISOString();
};

export const wechatErrorTable: Readonly<Record<number, WechatErrorMapping>> = {
  // WeChat's "系统繁忙，此时请开发者稍候再试", and what the transport reports the same way: an HTTP
  // error page from WeChat's gateway, no answer in time, an answer that is not JSON.
  [-1]: { errcode: 50200, status: 502, message: (wxerrmsg) => `WeChat is busy or did not answer properly; try again shortly (${wxerrmsg || 'system busy'})` },
  40003: invalid('openid: not a follower of this official account'),
  40004: invalid('type: WeChat does not take this media type'),
  40005: { errcode: 41500, status: 415, message: () => 'file: WeChat does not take this file type' },
  40006: { errcode: 41300, status: 413, message: () => 'file: too large for WeChat' },
  40007: notFound('mediaId: WeChat has no such media_id on this account'),
  40009: { errcode: 41300, status: 413, message: () => 'file: the image is too large for WeChat' },
  40029: invalid('code: WeChat does not know this code (wrong account, or expired)'),
  40032: invalid('openid: too many or too few openids for one call'),
  40053: invalid('sceneId: WeChat refused this QR scene'),
  // user/info/updateremark: "remark too long" (the console checks the length first; WeChat's count may differ).
  40092: invalid('remark: too long for WeChat (under 30 bytes, UTF-8)'),
  40097: invalid('WeChat refused an argument (length or format)'),
  40163: invalid('code: already used; start the web authorization again'),
  40164: whitelist("the official account's IP whitelist (mp.weixin.qq.com → 设置与开发 → 基本配置 → IP白名单)"),
  45001: { errcode: 41300, status: 413, message: () => 'file: larger than WeChat takes for this type' },
  // The account's daily quota of this API (third-party calls spend the account's own); owner's clear_quota resets it, 10 times a month.
  45009: {
    errcode: 42910,
    status: 429,
    message: () => "WeChat's daily quota of this API is used up for the official account; it resets at midnight China time, or the owner can reset it now (clear_quota, 10 times a month)",
    extra: (now) => ({ rule: 'wechatDailyApiQuota', resetsAt: nextChinaMidnight(now) }),
  },
  // Customer-service quota (doc/service/api/customer/message/api_sendcustommessage; WxJava's
  // WxMpErrorMsgEnum CODE_45047 "客服接口下行条数超过上限"): 5 after a message, 3 after a follow,
  // scan or menu tap, until the follower acts again.
  45047: {
    errcode: 42910,
    status: 429,
    message: () => "openid: WeChat's customer-service quota for this follower is used up; it opens again when the follower writes, follows, scans or taps a menu",
    extra: () => ({ rule: 'customerServiceQuota', resetsAt: null }),
  },
  // Mass send (message/mass/sendall): 40050 a tag the account does not have; 45028 no mass-send
  // quota left (a subscription account's one a day, a service account's four sends to all a month,
  // back-office sends included).
  40050: invalid('tagId: WeChat has no such tag (group) on this official account'),
  45028: {
    errcode: 42910,
    status: 429,
    message: () => "WeChat has no mass-send quota left for the official account (subscription accounts: one a day; service accounts: four sends to all a month, the back office's included)",
    extra: (now) => ({ rule: 'wechatMassSendQuota', resetsAt: nextChinaMidnight(now) }),
  },
  // Template messages (doc/offiaccount/Message_Management/Template_Message_Interface.html): 40037 a
  // template the account does not have; 43004 "require subscribe"; 40246 a keyword name the
  // library's template does not hold; 45026 the account's 25 templates; 47003 "argument invalid!
  // data.thing1.value invalid", a value outside its keyword's type (the field is named from errmsg;
  // the templates area adds the keyword's rule and limit).
  40037: notFound('templateId: WeChat has no such template on this official account'),
  40246: invalid('keywordNames: a keyword name the library\'s template does not have (names as the library writes them, in order)'),
  43004: invalid('openid: the user does not follow this official account'),
  45026: conflict('templateIdShort: the account has 25 templates already, WeChat\'s limit; delete one first'),
  47003: invalid((wxerrmsg) => `${/data\.\w+\.value/.exec(wxerrmsg)?.[0] ?? 'data'}: WeChat refused this value for its keyword's type`),
  45056: conflict('groupName: the account has 100 groups already, WeChat\'s limit; delete one first'),
  45057: conflict('groupId: the group has more than 100,000 followers; WeChat deletes it only after some are moved out'),
  45058: invalid("groupId: 0, 1 and 2 are WeChat's own groups and cannot be changed"),
  45059: invalid('openid: the follower has 20 tags already, WeChat\'s limit'),
  45157: conflict('groupName: a group with this name exists already'),
  45158: invalid('groupName: at most 30 bytes (UTF-8; a Chinese character takes 3)'),
  45159: notFound('groupId: no such group'),
  // "api unauthorized": the account's type or verification does not allow the API, or the owner did not grant its permission set.
  // clear_quota past its 10 resets this month ("forbid to clear quota because of reaching the limit").
  48006: {
    errcode: 42910,
    status: 429,
    message: () => "the official account has used WeChat's 10 quota resets of this month (clear_quota); its daily quotas restart at midnight China time",
    extra: (now) => ({ rule: 'wechatClearQuotaMonthly', resetsAt: nextChinaMonth(now) }),
  },
  48001: {
    errcode: 40302,
    status: 403,
    message: () =>
      "the official account cannot do this: WeChat says its type or verification does not allow it, or the owner did not grant this platform the permission set it needs",
  },
  61004: whitelist("the third-party platform's IP whitelist (open.weixin.qq.com → 第三方平台 → 开发资料 → 白名单IP)"),
};

export const mapWechatError = (wxerrcode: number): WechatErrorMapping | undefined => wechatErrorTable[wxerrcode];
