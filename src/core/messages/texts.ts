import { setNames } from './permission-sets';
import { fieldLabel } from './fields';
import type { Language } from './language';

/**
 * The one table of what an error says to a person, in Simplified Chinese and English: each `rule`
 * an error can carry, and each errcode's text when no rule is more precise. The API writes `msg`
 * from it in the language Accept-Language asks for (zh-CN by default); the console renders its own
 * checks while typing from it, so a limit reads the same before and after the request. Every
 * sentence names the field by its label, the limit and what was given, and says what to do next.
 * The general rules live here; an area's own rules in src/<area>/rule-texts.ts (`addRuleTexts`),
 * imported by the modules that throw them. Fields' labels are in ./fields.ts.
 */
export interface ErrorDetail {
  /** The request field, as a path: `button[2].sub_button[0].name`. */
  field?: string | undefined;
  /** Which rule the value broke (a key of `ruleTexts`). */
  rule?: string | undefined;
  limit?: number | string | undefined;
  given?: number | string | undefined;
  /** What the caller lacks (a role, a capability): 40301, 40302. */
  need?: string | undefined;
  /** The feature an account cannot use (40302, src/core/capabilities.ts). */
  feature?: string | undefined;
  retryAfter?: number | undefined;
  requestId?: string | undefined;
  wxerrcode?: number | undefined;
  wxerrmsg?: string | undefined;
}

export type Fill = ErrorDetail & { label: string };
type Text = (d: Fill) => string;
export type Texts = readonly [zh: Text, en: Text];

export const chineseChars = (bytes: unknown) => Math.floor(Number(bytes) / 3);
export const sizeText = (bytes: unknown): string => {
  const n = Number(bytes);
  if (!Number.isFinite(n)) return String(bytes);
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
};
export const given = (d: Fill, zh: boolean, unit = ''): string => (d.given === undefined ? '' : zh ? `，当前 ${d.given}${unit}` : ` (${d.given} given)`);

export const ruleTexts: Record<string, Texts> = {
  // Checks of a single value (40000)
  required: [(d) => `请填写${d.label}`, (d) => `${d.label} is required.`],
  maxLength: [(d) => `${d.label}最多 ${d.limit} 个字符${given(d, true, ' 个')}`, (d) => `${d.label}: at most ${d.limit} characters${given(d, false)}.`],
  minLength: [(d) => `${d.label}至少 ${d.limit} 个字符${given(d, true, ' 个')}`, (d) => `${d.label}: at least ${d.limit} characters${given(d, false)}.`],
  maxLengthBelow: [(d) => `${d.label}须少于 ${d.limit} 个字符${given(d, true, ' 个')}`, (d) => `${d.label}: under ${d.limit} characters${given(d, false)}.`],
  maxBytes: [
    (d) => `${d.label}最多 ${d.limit} 个字节（约 ${chineseChars(d.limit)} 个汉字）${given(d, true, ' 个字节')}`,
    (d) => `${d.label}: at most ${d.limit} bytes (about ${chineseChars(d.limit)} Chinese characters)${given(d, false)}.`,
  ],
  maxBytesBelow: [
    (d) => `${d.label}须少于 ${d.limit} 个字节（约 ${chineseChars(Number(d.limit) - 1)} 个汉字）${given(d, true, ' 个字节')}`,
    (d) => `${d.label}: under ${d.limit} bytes (about ${chineseChars(Number(d.limit) - 1)} Chinese characters)${given(d, false)}.`,
  ],
  max: [(d) => `${d.label}不能大于 ${d.limit}${given(d, true)}`, (d) => `${d.label}: at most ${d.limit}${given(d, false)}.`],
  min: [(d) => `${d.label}不能小于 ${d.limit}${given(d, true)}`, (d) => `${d.label}: at least ${d.limit}${given(d, false)}.`],
  maxItems: [(d) => `${d.label}最多 ${d.limit} 个${given(d, true, ' 个')}，请删去多余的`, (d) => `${d.label}: at most ${d.limit}${given(d, false)}; remove the extra ones.`],
  minItems: [(d) => `${d.label}至少要有 ${d.limit} 个`, (d) => `${d.label}: at least ${d.limit} needed.`],
  integer: [(d) => `${d.label}应为整数`, (d) => `${d.label} must be a whole number.`],
  number: [(d) => `${d.label}应为数字`, (d) => `${d.label} must be a number.`],
  text: [(d) => `${d.label}应为文字`, (d) => `${d.label} must be text.`],
  boolean: [(d) => `${d.label}应为“是”或“否”`, (d) => `${d.label} must be true or false.`],
  list: [(d) => `${d.label}应为列表`, (d) => `${d.label} must be a list.`],
  object: [(d) => `${d.label}的格式不正确`, (d) => `${d.label} is not in the expected shape.`],
  oneOf: [(d) => `${d.label}只能是：${d.limit}`, (d) => `${d.label} must be one of: ${d.limit}.`],
  invalid: [(d) => `${d.label}填写不正确，请检查后重试`, (d) => `${d.label} is not valid; check it and try again.`],
  unknownField: [(d) => `不认识的字段：${d.label}`, (d) => `Unknown field: ${d.label}.`],
  xmlChars: [(d) => `${d.label}含有微信不接受的控制字符，请删除后重试`, (d) => `${d.label} contains control characters WeChat does not accept; remove them.`],
  // Formats
  'format.mediaId': [(d) => `${d.label}应为微信的 media_id（字母、数字、_ 和 -）`, (d) => `${d.label} must be a WeChat media_id (letters, digits, "_" and "-").`],
  'format.date': [(d) => `${d.label}应为“年-月-日”格式的日期，例如 2026-12-01`, (d) => `${d.label} must be a date as YYYY-MM-DD, e.g. 2026-12-01.`],
  'format.sendAt': [(d) => `${d.label}应为带时区的时间，例如 2026-12-24T20:00:00+08:00`, (d) => `${d.label} must be an ISO 8601 time with its zone, e.g. 2026-12-24T20:00:00+08:00.`],
  email: [(d) => `${d.label}不是有效的邮箱地址`, (d) => `${d.label} is not a valid e-mail address.`],
  httpUrl: [(d) => `${d.label}需要以 http:// 或 https:// 开头的完整链接`, (d) => `${d.label} must be a full link starting with http:// or https://.`],
  'format.appid': [(d) => `${d.label}格式不正确：应为 wx 开头加 16 位字母或数字（在公众平台「设置与开发 › 基本配置」中查看）`, (d) => `${d.label} looks like wx followed by 16 letters or digits (WeChat's back office: Settings › Basic configuration).`],
  'format.miniAppid': [(d) => `${d.label}格式不正确：小程序 AppID 为 wx 开头加 16 位字母或数字`, (d) => `${d.label}: a Mini Program AppID is wx followed by 16 letters or digits.`],
  'format.digits': [(d) => `${d.label}应为数字编号`, (d) => `${d.label} must be a number id.`],
  'format.domain': [(d) => `${d.label}应为域名，例如 example.com（不带 http:// 和路径）`, (d) => `${d.label} must be a domain name like example.com (no http:// or path).`],
  'format.oauthState': [(d) => `${d.label}只能包含字母和数字（微信的规定，最多 128 字节）`, (d) => `${d.label} may hold letters and digits only (WeChat's rule, at most 128 bytes).`],
  'format.eventName': [(d) => `${d.label}应为事件名称，例如 subscribe`, (d) => `${d.label} must be an event name such as subscribe.`],
  'format.epochSeconds': [(d) => `${d.label}应为秒级时间戳`, (d) => `${d.label} must be seconds since the epoch.`],
  'format.sha1': [(d) => `${d.label}应为 40 位十六进制签名`, (d) => `${d.label} must be a 40-character hex signature.`],
  format: [(d) => `${d.label}格式不正确`, (d) => `${d.label} is not in the expected format.`],
  // Audience (粉丝目录)
  'format.openid': [(d) => `${d.label}应为微信的 OpenID（16 位以上的字母、数字、_ 和 -）`, (d) => `${d.label} must be a WeChat OpenID (16 or more letters, digits, "_" and "-").`],
  // A direct binding's server configuration (服务器配置)
  'serverConfig.directOnly': [() => '已授权的公众号使用第三方平台的令牌和密钥，无需在这里修改服务器配置', () => "An authorized account uses the platform's own token and key: there is no server configuration to change here."],
  'serverConfig.keyForMode': [
    (d) => `${d.given === 'safe' ? '安全模式' : '兼容模式'}需要${d.label}：请在公众平台“设置与开发 → 基本配置 → 服务器配置”中随机生成或复制后填在这里；或选择明文模式`,
    (d) => `${d.given === 'safe' ? 'Safe' : 'Compatible'} mode needs the ${d.label}: generate or copy it in 公众平台 (设置与开发 → 基本配置 → 服务器配置) and enter it here, or choose plaintext mode.`,
  ],
  // What the account cannot do (40302, src/core/capabilities.ts): worded the same in both languages.
  'account.cannot': [(d) => accountCannot(d, 'zh-CN'), (d) => accountCannot(d, 'en')],
  // Quotas (42910: `rule` names which)
  customerServiceAfterMessage: [
    () => '这位粉丝发消息后 48 小时内可收到的 5 条客服消息已用完：粉丝再次发消息、关注、扫码或点击菜单后才能继续回复',
    () => 'The 5 customer-service messages WeChat allows within 48 hours of this follower\'s message are used: you can reply again when the follower writes, follows, scans or taps a menu.',
  ],
  customerServiceAfterEvent: [
    () => '这位粉丝关注、扫码或点击菜单后 1 分钟内可收到的 3 条客服消息已用完：等粉丝发消息后再回复',
    () => 'The 3 customer-service messages WeChat allows within a minute of a follow, scan or menu tap are used: reply when the follower writes.',
  ],
  customerServiceQuota: [
    () => '微信表示这位粉丝的客服消息条数已用完：粉丝再次发消息、关注、扫码或点击菜单后才能继续回复',
    () => "WeChat says this follower's customer-service quota is used: you can reply again when the follower writes, follows, scans or taps a menu.",
  ],
  wechatDailyApiQuota: [
    () => '该公众号今天调用此接口的次数已达微信的上限：北京时间零点恢复，或由所有者在「公众号设置」中清零（每月 10 次）',
    () => "The official account has used WeChat's daily quota of this API: it resets at midnight China time, or the owner can reset it in Settings (10 times a month).",
  ],
  wechatMassSendQuota: [
    () => '微信表示该公众号的群发次数已用完（订阅号每天 1 次；服务号每月群发给全部粉丝 4 次，公众平台后台的群发也计算在内）：请等次数恢复后再发',
    () => "WeChat says the account has no mass sends left (subscription accounts: one a day; service accounts: four sends to all a month, the back office's included): send again when it renews.",
  ],
  wechatClearQuotaMonthly: [
    () => '本月 10 次接口调用次数清零已用完：次数将在北京时间零点自动恢复',
    () => "This month's 10 quota resets are used: the daily quotas restart at midnight China time.",
  ],
  // Requests
  'body.json': [() => '请求内容不是有效的 JSON', () => 'The request body is not valid JSON.'],
  'body.object': [() => '请求内容应为 JSON 对象', () => 'The request body must be a JSON object.'],
  'body.multipart': [() => '上传内容格式不正确，请重新选择文件上传', () => 'The upload is malformed; choose the file and upload again.'],
  'file.required': [(d) => `请选择要上传的${d.label}`, (d) => `Choose a ${d.label} to upload.`],
  'file.empty': [(d) => `${d.label}是空的，请换一个文件`, (d) => `The ${d.label} is empty; choose another.`],
  'file.tooLarge': [(d) => `${d.label}最大 ${sizeText(d.limit)}${d.given === undefined ? '' : `，当前 ${sizeText(d.given)}`}，请压缩后再上传`, (d) => `${d.label}: at most ${sizeText(d.limit)}${d.given === undefined ? '' : ` (${sizeText(d.given)} given)`}; make it smaller and upload again.`],
  'file.type': [(d) => `${d.label}的类型不支持：只接受 ${d.limit}`, (d) => `This ${d.label} type is not accepted: ${d.limit} only.`],
  // Requests and uploads
  'body.tooLarge': [(d) => `提交的内容太大：最大 ${sizeText(d.limit)}，请缩小后再试`, (d) => `The request is too large: at most ${sizeText(d.limit)}; make it smaller.`],
  'body.contentType': [() => '不支持的提交格式：请使用 JSON 或表单提交', () => 'Unsupported request format: send JSON or a form.'],
  'body.noFiles': [(d) => `这里不能上传文件（${d.label}）`, (d) => `This request takes no files (${d.label}).`],
  'body.tooManyParts': [() => '上传的文件或字段太多：请一次上传一个文件', () => 'Too many files or fields in the upload: upload one file at a time.'],
  // Authorizing an account (the return from WeChat, the phone's code)
  'account.choose': [() => '你有多个公众号：请先选择要操作的公众号', () => 'You have several official accounts: choose one first.'],
  'org.choose': [() => '你属于多个组织：请先在页头选择组织', () => 'You belong to several organizations: choose one in the header first.'],
  'org.invalid': [() => '组织编号不正确，请重新选择组织', () => 'That is not an organization id; choose the organization again.'],
  // Team: invitations, audit log, the platform's stop switch
  'invitation.revoked': [() => '这个邀请已被组织撤回：如仍需加入，请联系组织的所有者重新邀请', () => "The organization withdrew this invitation: ask its owner for a new one if you still need to join."],
  'account.suspended': [
    () => '平台已暂停该组织的群发、发表、模板消息和客服消息：请联系平台客服了解原因并申请恢复',
    () => "The platform has suspended this organization's sends (mass sends, publishing, template and customer-service messages): contact the platform's support to learn why and ask for it to be lifted.",
  ],
};

/** Each errcode's text when the error carries no rule (or one the table does not know). */
export const errcodeTexts: Record<number, Texts> = {
  40000: [(d) => (d.field ? `${d.label}填写不正确，请检查后重试` : '请求不正确，请检查后重试'), (d) => (d.field ? `${d.label} is not valid; check it and try again.` : 'The request is not valid; check it and try again.')],
  40100: [() => '登录已过期或未登录，请重新登录', () => 'You are not signed in or your session expired: sign in again.'],
  40101: [(d) => (d.field ? `${d.label}不正确，请重新输入` : '用户名或密码错误'), (d) => (d.field ? `Wrong ${d.label}; type it again.` : 'Wrong username or password.')],
  40102: [() => '邮箱尚未验证：请打开验证邮件中的链接，或在登录页重新发送', () => 'Your e-mail is not verified yet: open the link in the verification mail, or send it again from the sign-in page.'],
  40300: [(d) => (d.field ? `无权操作这个${d.label}：它不属于你当前的组织` : '无权操作：它不属于你当前的组织'), (d) => (d.field ? `This ${d.label} belongs to another organization.` : 'This belongs to another organization.')],
  40301: [(d) => `你在该组织的角色不能执行此操作${d.need ? `（需要${roleName(d.need, 'zh-CN')}）` : ''}，请联系组织的所有者`, (d) => `Your role in this organization does not allow this${d.need ? ` (needs ${roleName(d.need, 'en')})` : ''}; ask the organization's owner.`],
  40302: [(d) => accountCannot(d, 'zh-CN'), (d) => accountCannot(d, 'en')],
  40400: [(d) => (d.field ? `没有找到这个${d.label}，它可能已被删除，请刷新后重试` : '没有找到要操作的内容，它可能已被删除，请刷新后重试'), (d) => (d.field ? `No such ${d.label}; it may have been deleted. Reload and try again.` : 'Not found; it may have been deleted. Reload and try again.')],
  40900: [(d) => (d.field ? `${d.label}已存在，请换一个` : '已存在，不能重复添加'), (d) => (d.field ? `That ${d.label} is already taken; choose another.` : 'It already exists.')],
  40901: [() => '已超过 48 小时客服回复期限：粉丝再次发消息后才能回复', () => 'More than 48 hours since the follower\'s last message: you can reply once they write again.'],
  40902: [() => '内容已在别处被修改，请重新加载后再保存', () => 'It was changed elsewhere since you loaded it: reload, then save again.'],
  41200: [() => '还没有授权公众号：请先在「授权公众号」中授权或绑定公众号', () => 'No official account yet: authorize or bind one in Settings first.'],
  41300: [(d) => (d.field ? `${d.label}太大，请缩小后再试` : '内容太大，请缩小后再试'), (d) => (d.field ? `${d.label} is too large; make it smaller.` : 'The request is too large; make it smaller.')],
  41500: [(d) => (d.field ? `${d.label}的类型不支持` : '不支持的内容类型'), (d) => (d.field ? `This ${d.label} type is not accepted.` : 'Unsupported content type.')],
  42900: [(d) => `操作太频繁，请${d.retryAfter ? ` ${d.retryAfter} 秒后` : '稍后'}再试`, (d) => `Too many attempts; try again${d.retryAfter ? ` in ${d.retryAfter} seconds` : ' later'}.`],
  42910: [() => '额度已用完', () => 'The quota is used up.'],
  50000: [(d) => `系统内部错误，请稍后重试${d.requestId ? `（请求编号 ${d.requestId}，联系客服时请提供）` : ''}`, (d) => `Internal error; try again later${d.requestId ? ` (request id ${d.requestId})` : ''}.`],
  50200: [(d) => `微信返回错误${d.wxerrcode === undefined ? '' : `（${d.wxerrcode}${d.wxerrmsg ? `：${d.wxerrmsg}` : ''}）`}，请稍后重试`, (d) => `WeChat refused${d.wxerrcode === undefined ? '' : ` (${d.wxerrcode}${d.wxerrmsg ? `: ${d.wxerrmsg}` : ''})`}; try again later.`],
  50300: [(d) => `系统繁忙，请${d.retryAfter ? ` ${d.retryAfter} 秒后` : '稍后'}重试（重试是安全的）`, (d) => `The service is busy; try again${d.retryAfter ? ` in ${d.retryAfter} seconds` : ' later'} (repeating is safe).`],
};

const featureNames: Record<string, readonly [string, string]> = {
  followers: ['粉丝列表', 'the follower list'],
  remarks: ['粉丝备注名', "followers' remarks"],
  tags: ['用户标签', 'user tags'],
  menus: ['自定义菜单', 'the custom menu'],
  materials: ['素材管理', 'materials'],
  qrcodes: ['带参数二维码', 'QR codes with parameters'],
  customerService: ['客服消息', 'customer-service messages'],
  massSend: ['群发', 'mass send'],
  templates: ['模板消息', 'template messages'],
  webOauth: ['网页授权', 'web authorization'],
  jssdk: ['JS-SDK', 'the JS-SDK'],
};
const featureName = (feature: string | undefined, lang: Language): string =>
  (feature && featureNames[feature]?.[lang === 'en' ? 1 : 0]) || (lang === 'en' ? 'this feature' : '此功能');

/** What a 40302's `need` asks of the account, with the next step. */
const needText = (need: string | undefined, lang: Language): string => {
  const en = lang === 'en';
  if (need === 'serviceAccount') return en ? 'it needs a service account (服务号); this one is a subscription account (订阅号).' : '需要服务号，当前是订阅号';
  if (need === 'verification') return en ? 'it needs WeChat verification (微信认证); this account is not verified.' : '需要先完成微信认证（在公众平台「设置与开发 › 微信认证」办理）';
  const set = need?.startsWith('permissionSet:') ? Number(need.slice('permissionSet:'.length)) : undefined;
  if (set !== undefined) {
    const name = setNames[set] ?? String(set);
    return en ? `the owner did not grant the permission set ${name} (${set}); authorize the account again with it ticked.` : `授权时未勾选「${name}」，请到「公众号设置」重新授权并勾选它`;
  }
  return en ? "WeChat says its type, verification or granted permissions do not allow it." : '微信表示账号类型、认证或授权的权限集不允许此操作';
};

const accountCannot = (d: Fill, lang: Language): string =>
  lang === 'en' ? `This official account cannot use ${featureName(d.feature, 'en')}: ${needText(d.need, 'en')}` : `当前公众号不能使用${featureName(d.feature, 'zh-CN')}：${needText(d.need, 'zh-CN')}`;

const roleNames: Record<string, readonly [string, string]> = {
  owner: ['所有者', 'owner'],
  admin: ['管理员', 'admin'],
  editor: ['编辑', 'editor'],
  operator: ['运营者', 'operator'],
  viewer: ['查看者', 'viewer'],
};
/** A role of an organization (not some other need, such as a permission set). */
export const isRole = (need: string | undefined): need is string => need !== undefined && Object.hasOwn(roleNames, need);

export const roleName = (role: string, lang: Language): string => roleNames[role]?.[lang === 'en' ? 1 : 0] ?? role;

/**
 * The rules of one area (src/<area>/rule-texts.ts), added when the code that throws them loads: a
 * function carries the general rules above and its own areas' words, not every area's (each area's
 * sentences would otherwise sit in every bundle, the callback's included).
 */
const areaRules = new Map<string, Texts>();
export const addRuleTexts = <T extends Record<string, Texts>>(table: T): T => {
  for (const [rule, texts] of Object.entries(table)) areaRules.set(rule, texts);
  return table;
};
const textsOf = (rule: string): Texts | undefined => (Object.hasOwn(ruleTexts, rule) ? ruleTexts[rule] : areaRules.get(rule));

/** Whether the table (or a loaded area's) has a text for this rule. */
export const knowsRule = (rule: string | undefined): boolean => rule !== undefined && textsOf(rule) !== undefined;

/**
 * The sentence for an error: its rule's text when the table has one, else its errcode's. Undefined
 * when neither is known (the caller keeps the error's own message).
 */
export const describeError = (errcode: number, detail: ErrorDetail, lang: Language): string | undefined => {
  const fill: Fill = { ...detail, label: detail.field ? fieldLabel(detail.field, lang) : '' };
  const texts = (detail.rule !== undefined ? textsOf(detail.rule) : undefined) ?? errcodeTexts[errcode];
  return texts?.[lang === 'en' ? 1 : 0](fill);
};
