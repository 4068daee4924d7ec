import type { Language } from './language';

/**
 * What each request field is called on the page, in WeChat's own words where WeChat has one. Keyed
 * by the field's name, or by `parent.name` where the same name means something else under a parent
 * (a menu button's `name` is 菜单名称). One table for the API's messages and the console's
 * labels: a new area adds its fields here.
 */
type Label = readonly [zh: string, en: string];

export const labels: Record<string, Label> = {
  // Accounts and users
  appid: ['AppID', 'AppID'],
  appsecret: ['开发者密码（AppSecret）', 'AppSecret'],
  token: ['令牌（Token）', 'Token'],
  encodingAESKey: ['消息加解密密钥（EncodingAESKey）', 'EncodingAESKey'],
  encryptMode: ['消息加解密方式', 'Message encryption mode'],
  encrypt_type: ['消息加解密方式', 'message encryption mode'],
  mode: ['消息加解密方式', 'message encryption mode'],
  username: ['用户名', 'username'],
  password: ['密码', 'password'],
  oldPassword: ['当前密码', 'current password'],
  newPassword: ['新密码', 'new password'],
  email: ['邮箱', 'e-mail'],
  domains: ['网页授权域名', 'web domains'],
  mpVerifyFile: ['校验文件', 'verification file'],
  mpVerifyContent: ['校验文件内容', 'verification file content'],
  inboxRetentionDays: ['消息保留天数', 'message retention (days)'],
  orgId: ['组织', 'organization'],
  role: ['角色', 'role'],
  invitation: ['邀请', 'invitation'],
  invitationId: ['邀请', 'invitation'],
  kind: ['操作类别', 'kind of change'],
  approvalRequired: ['群发和发表需管理员审批', 'approval of mass sends and publishing'],
  all: ['全部会话', 'all sessions'],
  language: ['语言', 'language'],
  authType: ['授权方式', 'authorization type'],
  auth_code: ['授权码', 'authorization code'],
  confirmCode: ['确认码', 'confirmation code'],
  // Replies
  keyword: ['关键词', 'keyword'],
  match: ['匹配方式', 'match type'],
  ruleName: ['规则名称', 'rule name'],
  keywords: ['关键词', 'keywords'],
  'keywords.keyword': ['关键词', 'keyword'],
  'keywords.match': ['匹配方式', 'match type'],
  version: ['版本', 'version'],
  type: ['类型', 'type'],
  reply: ['回复内容', 'reply'],
  content: ['内容', 'content'],
  'reply.content': ['回复内容', 'reply content'],
  articles: ['图文', 'articles'],
  title: ['标题', 'title'],
  description: ['描述', 'description'],
  desc: ['描述', 'description'],
  url: ['链接', 'link'],
  picurl: ['图片链接', 'picture link'],
  id: ['编号', 'id'],
  ids: ['编号', 'ids'],
  // Menus
  button: ['菜单', 'menu'],
  'button.name': ['菜单名称', 'menu name'],
  sub_button: ['子菜单', 'sub-menu'],
  'sub_button.name': ['子菜单名称', 'sub-menu name'],
  key: ['菜单 KEY 值', 'menu key'],
  pagepath: ['小程序页面路径', 'Mini Program page'],
  media_id: ['素材', 'material'],
  article_id: ['发表的图文', 'published article'],
  menuid: ['个性化菜单', 'personalised menu'],
  matchrule: ['匹配规则', 'match rule'],
  tag_id: ['用户标签', 'user tag'],
  client_platform_type: ['手机系统', 'phone system'],
  // Followers, groups, QR codes, web pages
  groupId: ['用户标签', 'user tag'],
  groupName: ['标签名称', 'tag name'],
  name: ['名称', 'name'],
  openid: ['粉丝（OpenID）', 'follower (OpenID)'],
  userId: ['粉丝（OpenID）', 'follower (OpenID)'],
  remark: ['备注名', 'remark'],
  remarkPrefix: ['备注名开头', 'remark prefix'],
  openids: ['粉丝（OpenID）列表', 'followers (OpenIDs)'],
  untag: ['取消标签', 'untag'],
  scene: ['二维码场景', 'QR scene'],
  cursor: ['翻页位置', 'page position'],
  sceneId: ['场景值', 'scene value'],
  expire: ['有效期（秒）', 'expiry (seconds)'],
  redirect: ['跳转链接', 'redirect link'],
  scope: ['授权作用域', 'scope'],
  state: ['state 参数', 'state'],
  code: ['授权码（code）', 'code'],
  // Segment jobs and exports (issue 26); a filter's own name (filters.language) falls back to these.
  segmentId: ['粉丝分组结果', 'segment'],
  exportId: ['导出任务', 'export'],
  filters: ['筛选条件', 'filters'],
  tagIds: ['标签', 'tags'],
  subscribeScene: ['关注渠道', 'channel'],
  // Content (草稿, 发表, 群发)
  author: ['作者', 'author'],
  digest: ['摘要', 'digest'],
  'articles.content': ['正文', 'body'],
  // updateDraft's one article (its fields are named article.title, article.content, …).
  article: ['图文', 'article'],
  contentSourceUrl: ['原文链接', 'original article link'],
  needOpenComment: ['留言', 'comments'],
  onlyFansCanComment: ['仅粉丝可留言', 'followers-only comments'],
  index: ['第几篇', 'article position'],
  text: ['文字', 'text'],
  image: ['图片', 'image'],
  voice: ['语音', 'voice'],
  video: ['视频', 'video'],
  tagId: ['用户标签', 'user tag'],
  toAll: ['发送给全部粉丝', 'send to all'],
  sendAt: ['定时发送时间', 'scheduled time'],
  sendId: ['发送记录', 'send'],
  requestId: ['请求编号', 'request id'],
  // Materials and inbox
  mediaId: ['素材', 'material'],
  thumbMediaId: ['封面', 'cover'],
  file: ['文件', 'file'],
  filename: ['文件名', 'file name'],
  size: ['文件大小', 'file size'],
  contentType: ['文件类型', 'file type'],
  msgType: ['消息类型', 'message type'],
  handled: ['处理状态', 'handled'],
  unhandledFirst: ['未处理优先', 'unhandled first'],
  event: ['事件', 'event'],
  from: ['开始', 'from'],
  to: ['结束', 'to'],
  q: ['搜索内容', 'search'],
  // Paging and transport
  limit: ['每页条数', 'page size'],
  offset: ['起始位置', 'offset'],
  count: ['数量', 'count'],
  next: ['翻页位置', 'page cursor'],
  body: ['请求内容', 'request body'],
  // The seed API names a rule's keyword `request`.
  request: ['关键词', 'keyword'],
  // WeChat's push parameters
  signature: ['签名', 'signature'],
  msg_signature: ['消息签名', 'message signature'],
  timestamp: ['时间戳', 'timestamp'],
  nonce: ['随机数', 'nonce'],
  echostr: ['echostr', 'echostr'],
  Encrypt: ['加密消息', 'encrypted message'],
  // Template messages (模板消息)
  templateId: ['模板 ID', 'template ID'],
  templateIdShort: ['模板编号', 'template number'],
  keywordNames: ['关键词', 'keywords'],
  data: ['模板内容', 'template data'],
  miniprogram: ['跳转小程序', 'Mini Program link'],
};

/** `button[2].sub_button[0].name` → segments without the list positions, and the positions by container. */
const parse = (path: string): { names: string[]; positions: { name: string; index: number }[] } => {
  const names: string[] = [];
  const positions: { name: string; index: number }[] = [];
  for (const token of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (token.startsWith('[')) positions.push({ name: names[names.length - 1] ?? '', index: Number(token.slice(1, -1)) });
    else names.push(token);
  }
  return { names, positions };
};

const labelOfNames = (names: string[], lang: Language): string | undefined => {
  for (let start = Math.max(0, names.length - 2); start < names.length; start++) {
    const found = labels[names.slice(start).join('.')];
    if (found) return found[lang === 'en' ? 1 : 0];
  }
  return undefined;
};

/**
 * The field's label for a person, with where it sits in a list: `button[2].sub_button[0].name` →
 * 「子菜单名称（第 3 个菜单 › 第 1 个子菜单）」. A field with no label keeps its API name.
 */
export const fieldLabel = (path: string, lang: Language): string => {
  const { names, positions } = parse(path);
  const label = labelOfNames(names, lang) ?? names[names.length - 1] ?? path;
  if (!positions.length) return label;
  const where = positions.map(({ name, index }) => {
    const container = labelOfNames([name], lang) ?? name;
    return lang === 'en' ? `${container} ${index + 1}` : `第 ${index + 1} 个${container}`;
  });
  return lang === 'en' ? `${label} (${where.join(' › ')})` : `${label}（${where.join(' › ')}）`;
};
