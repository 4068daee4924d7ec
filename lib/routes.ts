/**
 * The route table: the single source of truth for every HTTP endpoint.
 *
 * The CDK stack creates one Lambda function and one HTTP API route per entry; the local server
 * dispatches through the same entries to the same handler modules; each handler reads its own
 * entry (auth, body kind) from here. Nothing else registers a route.
 *
 * This file is pure data: it must stay importable from Lambda bundles (no CDK imports).
 */

import type { Entity } from '../src/data/entities';

export type HttpMethod = 'GET' | 'POST';

/** How the request body is read before validation. */
export type BodyKind =
  /** No body is read (GET). */
  | 'none'
  /** application/json or application/x-www-form-urlencoded, parsed into an object. */
  | 'form'
  /** multipart/form-data with files (JSON and forms are read as for 'form'). */
  | 'multipart'
  /** The raw text is handed to the handler untouched (WeChat XML pushes). */
  | 'raw';

/** What a function may do with the table; CDK turns it into least-privilege grants. */
export type TableAccess = 'read' | 'write';

export interface RouteAccess {
  readonly table: TableAccess;
  /**
   * The kinds of table items the function reads or writes (src/data/entities.ts). CDK allows the
   * function only these partition-key prefixes (dynamodb:LeadingKeys); test/cdk/entities.test.ts
   * checks the list against the data modules the handler's bundle contains.
   */
  readonly entities: readonly Entity[];
  /** Sends mail through SES. */
  readonly mail?: boolean;
  /** S3 access of the function, if any, limited to one key prefix. */
  readonly bucket?: 'read' | 'write' | 'readwrite';
  readonly bucketPrefix?: 'staging/' | 'logos/';
  /** Needs the third-party platform's credentials (component secret) and calls WeChat. */
  readonly wechat?: boolean;
  /** Queues (see `workers`) the function sends to; CDK grants SendMessage and sets their URL variables. */
  readonly queues?: readonly WorkerId[];
}

/** API Gateway throttling of one route (steady requests per second, burst). */
export interface RouteThrottle {
  readonly rate: number;
  readonly burst: number;
}

export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  /** Handler module, relative to the project root; it exports `handler`. */
  readonly handler: string;
  /** Needs a session token (`?access_token=` or `Authorization: Bearer`). */
  readonly auth: boolean;
  readonly body: BodyKind;
  readonly access: RouteAccess;
  readonly summary: string;
  /** Tighter than the stage's default: public routes an attacker would hammer (passwords, mail, WeChat quota). */
  readonly throttle?: RouteThrottle;
  /** Reserved concurrency: a cap where a runaway would burn a tenant's WeChat quota or memory. */
  readonly reservedConcurrency?: number;
  /**
   * 'public': any web page may call it from the browser (no cookies sent): JSSDK signatures for H5
   * pages on customers' domains. Other routes answer CORS only to the configured console origins.
   */
  readonly cors?: 'public';
}

// One exported const per route, gathered into `routes` below: a handler imports its own entry
// (`endpoint(userLogin, …)`), so its bundle holds that entry and not the whole table (15 KB
// minified; README, "Cold start"). The table is still the one place a route is declared.

export const userRegister = {
  method: 'POST',
  path: '/apis/user/register',
  handler: 'functions/user/register.ts',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['USER', 'VERIFY', 'RATELIMIT'], mail: true },
  summary: 'Create an unverified user and mail a verification link',
  throttle: { rate: 5, burst: 10 },
} as const satisfies RouteDefinition;

export const userVerify = {
  method: 'GET',
  path: '/apis/user/verify',
  handler: 'functions/user/verify.ts',
  auth: false,
  body: 'none',
  access: { table: 'write', entities: ['USER', 'VERIFY'] },
  summary: 'Mark the e-mail verified (single-use link, 24 h)',
} as const satisfies RouteDefinition;

export const userResendVerification = {
  method: 'POST',
  path: '/apis/user/resendVerification',
  handler: 'functions/user/resendVerification.ts',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['USER', 'VERIFY', 'RATELIMIT'], mail: true },
  summary: 'Mail a new verification link (same answer whether or not the address exists)',
  throttle: { rate: 2, burst: 5 },
} as const satisfies RouteDefinition;

export const userLogin = {
  method: 'POST',
  path: '/apis/user/login',
  handler: 'functions/user/login.ts',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['USER', 'SESSION', 'LOGINFAIL'] },
  summary: 'Exchange username and password for a session token and cookies',
  throttle: { rate: 10, burst: 20 },
} as const satisfies RouteDefinition;

export const userLogout = {
  method: 'POST',
  path: '/apis/user/logout',
  handler: 'functions/user/logout.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['SESSION'] },
  summary: 'Destroy the session and clear the cookies',
} as const satisfies RouteDefinition;

export const userMe = {
  method: 'GET',
  path: '/apis/user/me',
  handler: 'functions/user/me.ts',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['USER', 'SESSION', 'ACCOUNT'], bucket: 'read', bucketPrefix: 'logos/' },
  summary: 'The user and the official accounts linked to them',
} as const satisfies RouteDefinition;

export const userLogo = {
  method: 'GET',
  path: '/apis/user/logo',
  handler: 'functions/user/logo.ts',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['USER', 'SESSION'], bucket: 'read', bucketPrefix: 'logos/' },
  summary: "The user's logo image from our own origin (the console shows it under a CSP without foreign origins)",
} as const satisfies RouteDefinition;

export const componentAuthUrl = {
  method: 'GET',
  path: '/apis/component/authUrl',
  handler: 'functions/component/authUrl.ts',
  auth: true,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'AUTHSTATE', 'COMPONENT', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'PC and mobile URLs of WeChat\'s authorization page for this platform',
} as const satisfies RouteDefinition;

export const componentAuthCallback = {
  method: 'GET',
  path: '/wxplatform/authCallback',
  handler: 'functions/component/authCallback.ts',
  auth: false,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'AUTHSTATE', 'COMPONENT', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'WeChat sends the owner back with auth_code: store the authorizer, link it, go to the console',
} as const satisfies RouteDefinition;

export const componentEvent = {
  method: 'POST',
  path: '/wxplatform/componentEvent',
  handler: 'functions/component/componentEvent.ts',
  auth: false,
  body: 'raw',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'COMPONENT', 'TOKEN'], wechat: true },
  summary: 'WeChat pushes component_verify_ticket and authorization events (encrypted XML)',
} as const satisfies RouteDefinition;

export const accountsBindDirect = {
  method: 'POST',
  path: '/apis/accounts/bindDirect',
  handler: 'functions/accounts/bindDirect.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'AUTHSTATE', 'COMPONENT', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Bind an official account with its own appid and appsecret (checked with WeChat first)',
} as const satisfies RouteDefinition;

export const repliesAdd = {
  method: 'POST',
  path: '/apis/wxreplymanage/addReply',
  handler: 'functions/replies/addReply.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'RULE', 'SESSION'] },
  summary: 'Add a keyword auto-reply rule',
} as const satisfies RouteDefinition;

export const repliesUpdate = {
  method: 'POST',
  path: '/apis/wxreplymanage/updateReply',
  handler: 'functions/replies/updateReply.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'RULE', 'SESSION'] },
  summary: 'Replace the reply (and match mode) of an existing rule',
} as const satisfies RouteDefinition;

export const repliesDelete = {
  method: 'POST',
  path: '/apis/wxreplymanage/deleteReply',
  handler: 'functions/replies/deleteReply.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'RULE', 'SESSION'] },
  summary: 'Delete the rule of a keyword',
} as const satisfies RouteDefinition;

export const repliesList = {
  method: 'POST',
  path: '/apis/wxreplymanage/listReply',
  handler: 'functions/replies/listReply.ts',
  auth: true,
  body: 'form',
  access: { table: 'read', entities: ['ACCOUNT', 'RULE', 'SESSION'] },
  summary: 'List rules, a page at a time',
} as const satisfies RouteDefinition;

export const callbackVerifyUrl = {
  method: 'GET',
  path: '/wxplatform/callback/{appid}',
  handler: 'functions/callback/verifyUrl.ts',
  auth: false,
  body: 'none',
  access: { table: 'read', entities: ['ACCOUNT', 'MESSAGE', 'RULE'], wechat: true },
  summary: 'WeChat checks the callback URL (signature, echostr)',
} as const satisfies RouteDefinition;

export const callbackMessage = {
  method: 'POST',
  path: '/wxplatform/callback/{appid}',
  handler: 'functions/callback/message.ts',
  auth: false,
  body: 'raw',
  access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'RULE'], wechat: true, queues: ['callbackJobs'] },
  summary: 'Messages and events of one account: match a rule, answer a passive reply',
} as const satisfies RouteDefinition;

export const accountsUpdateSettings = {
  method: 'POST',
  path: '/apis/accounts/updateSettings',
  handler: 'functions/accounts/updateSettings.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'MPVERIFY', 'SESSION'], wechat: true },
  summary: 'Set the web domains an account allows (OAuth redirects, JSSDK pages)',
} as const satisfies RouteDefinition;

export const accountsDetail = {
  method: 'GET',
  path: '/apis/accounts/detail',
  handler: 'functions/accounts/detail.ts',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['ACCOUNT', 'SESSION'] },
  summary: "An account's status, mode, allowed domains and callback URL (no secrets)",
} as const satisfies RouteDefinition;

export const platformWebauth = {
  method: 'GET',
  path: '/wxplatform/webauth',
  handler: 'functions/platform/webauth.ts',
  auth: false,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHSTATE', 'TOKEN', 'COMPONENT'], wechat: true },
  summary: 'Web OAuth for H5 pages: to WeChat without code, the openid (and userinfo) with it',
} as const satisfies RouteDefinition;

export const platformJsticket = {
  method: 'POST',
  path: '/apis/wxplatform/jsticket',
  handler: 'functions/platform/jsticket.ts',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT'], wechat: true },
  summary: 'JSSDK config signature for a page URL (public, CORS)',
  throttle: { rate: 50, burst: 100 },
  cors: 'public',
} as const satisfies RouteDefinition;

export const platformQrcode = {
  method: 'POST',
  path: '/apis/wxplatform/qrcode',
  handler: 'functions/platform/qrcode.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'A temporary or permanent QR code with a scene',
} as const satisfies RouteDefinition;

export const followersUpdateRemark = {
  method: 'POST',
  path: '/apis/wxplatform/updateRemark',
  handler: 'functions/platform/updateRemark.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Set the remark of a follower',
} as const satisfies RouteDefinition;

export const groupsList = {
  method: 'POST',
  path: '/apis/wxplatform/getGroups',
  handler: 'functions/groups/getGroups.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Groups (WeChat user tags) with follower counts',
} as const satisfies RouteDefinition;

export const groupsWhich = {
  method: 'POST',
  path: '/apis/wxplatform/getWhichGroup',
  handler: 'functions/groups/getWhichGroup.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'The group of a follower (0 = ungrouped)',
} as const satisfies RouteDefinition;

export const groupsCreate = {
  method: 'POST',
  path: '/apis/wxplatform/createGroup',
  handler: 'functions/groups/createGroup.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Create a group',
} as const satisfies RouteDefinition;

export const groupsUpdate = {
  method: 'POST',
  path: '/apis/wxplatform/updateGroup',
  handler: 'functions/groups/updateGroup.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Rename a group',
} as const satisfies RouteDefinition;

export const groupsDelete = {
  method: 'POST',
  path: '/apis/wxplatform/deleteGroup',
  handler: 'functions/groups/deleteGroup.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Delete a group',
} as const satisfies RouteDefinition;

export const groupsMove = {
  method: 'POST',
  path: '/apis/wxplatform/moveUserToGroup',
  handler: 'functions/groups/moveUserToGroup.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Put a follower in exactly one group',
} as const satisfies RouteDefinition;

export const groupsUsers = {
  method: 'POST',
  path: '/apis/wxplatform/getGroupUsers',
  handler: 'functions/groups/getGroupUsers.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Followers of a group with profiles, a page at a time',
} as const satisfies RouteDefinition;

export const materialsUpload = {
  method: 'POST',
  path: '/apis/materials/uploadMaterial',
  handler: 'functions/materials/uploadMaterial.ts',
  auth: true,
  body: 'multipart',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'MATERIAL', 'SESSION'], bucket: 'readwrite', wechat: true, bucketPrefix: 'staging/' },
  summary: 'Upload an image, voice or thumb: checked, staged in S3, forwarded to WeChat',
  reservedConcurrency: 10,
} as const satisfies RouteDefinition;

export const materialsUploadVideo = {
  method: 'POST',
  path: '/apis/materials/uploadVideoMaterial',
  handler: 'functions/materials/uploadVideoMaterial.ts',
  auth: true,
  body: 'multipart',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'MATERIAL', 'SESSION'], bucket: 'readwrite', wechat: true, bucketPrefix: 'staging/' },
  summary: 'Upload a video inline or from a staged key, forwarded to WeChat',
  reservedConcurrency: 10,
} as const satisfies RouteDefinition;

export const materialsCreateUploadUrl = {
  method: 'POST',
  path: '/apis/materials/createUploadUrl',
  handler: 'functions/materials/createUploadUrl.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'MATERIAL', 'SESSION'], bucket: 'write', bucketPrefix: 'staging/' },
  summary: 'A presigned S3 upload for a file too big for a request body',
} as const satisfies RouteDefinition;

export const materialsRemove = {
  method: 'POST',
  path: '/apis/materials/removeMaterial',
  handler: 'functions/materials/removeMaterial.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'MATERIAL', 'SESSION'], wechat: true },
  summary: 'Delete a permanent material',
} as const satisfies RouteDefinition;

export const materialsCount = {
  method: 'POST',
  path: '/apis/materials/getMaterialCount',
  handler: 'functions/materials/getMaterialCount.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'How many materials of each type',
} as const satisfies RouteDefinition;

export const materialsList = {
  method: 'POST',
  path: '/apis/materials/getMaterialByType',
  handler: 'functions/materials/getMaterialByType.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Materials of a type, a page at a time (count at most 20)',
} as const satisfies RouteDefinition;

export const materialsImage = {
  method: 'GET',
  path: '/apis/materials/getMaterialImage',
  handler: 'functions/materials/getMaterialImage.ts',
  auth: true,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: "An image material's bytes, fetched from WeChat for its owner (WeChat's image URLs refuse other sites)",
} as const satisfies RouteDefinition;

export const materialsUploadLogo = {
  method: 'POST',
  path: '/apis/materials/uploadLogo',
  handler: 'functions/materials/uploadLogo.ts',
  auth: true,
  body: 'multipart',
  access: { table: 'write', entities: ['USER', 'SESSION'], bucket: 'readwrite', bucketPrefix: 'logos/' },
  summary: 'Upload the logo of the user (kept in S3, shown in me)',
} as const satisfies RouteDefinition;

export const platformMpVerifyFile = {
  method: 'GET',
  path: '/wxplatform/mpverify/{file}',
  handler: 'functions/platform/mpVerifyFile.ts',
  auth: false,
  body: 'none',
  access: { table: 'read', entities: ['MPVERIFY'] },
  summary: "WeChat's web-OAuth domain-check file; served at /MP_verify_<code>.txt (lib/mp-verify.ts rewrites the root path)",
} as const satisfies RouteDefinition;

export const menusCreate = {
  method: 'POST',
  path: '/apis/menus/createMenu',
  handler: 'functions/menus/createMenu.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Create or replace the custom menu (WeChat\'s limits checked first)',
} as const satisfies RouteDefinition;

export const menusGet = {
  method: 'POST',
  path: '/apis/menus/getMenu',
  handler: 'functions/menus/getMenu.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'The custom menu and the personalised menus',
} as const satisfies RouteDefinition;

export const menusDelete = {
  method: 'POST',
  path: '/apis/menus/deleteMenu',
  handler: 'functions/menus/deleteMenu.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Delete the custom menu and every personalised menu',
} as const satisfies RouteDefinition;

export const menusAddConditional = {
  method: 'POST',
  path: '/apis/menus/addConditionalMenu',
  handler: 'functions/menus/addConditionalMenu.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Add a personalised menu (by tag or client platform)',
} as const satisfies RouteDefinition;

export const menusDeleteConditional = {
  method: 'POST',
  path: '/apis/menus/deleteConditionalMenu',
  handler: 'functions/menus/deleteConditionalMenu.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Delete one personalised menu',
} as const satisfies RouteDefinition;

export const menusListConditional = {
  method: 'POST',
  path: '/apis/menus/listConditionalMenus',
  handler: 'functions/menus/listConditionalMenus.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'The personalised menus with their match rules',
} as const satisfies RouteDefinition;

export const menusTryMatch = {
  method: 'POST',
  path: '/apis/menus/tryMatchMenu',
  handler: 'functions/menus/tryMatchMenu.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'The menu a given follower sees',
} as const satisfies RouteDefinition;

export const inboxList = {
  method: 'POST',
  path: '/apis/inbox/listMessages',
  handler: 'functions/inbox/listMessages.ts',
  auth: true,
  body: 'form',
  access: { table: 'read', entities: ['ACCOUNT', 'MESSAGE', 'SESSION'] },
  summary: 'Messages followers sent, newest first (or unhandled first), filtered, a page at a time',
} as const satisfies RouteDefinition;

export const inboxConversation = {
  method: 'POST',
  path: '/apis/inbox/getConversation',
  handler: 'functions/inbox/getConversation.ts',
  auth: true,
  body: 'form',
  access: { table: 'read', entities: ['ACCOUNT', 'MESSAGE', 'SESSION'] },
  summary: 'One follower\'s thread with the replies sent, and the 48-hour reply window',
} as const satisfies RouteDefinition;

export const inboxMarkHandled = {
  method: 'POST',
  path: '/apis/inbox/markHandled',
  handler: 'functions/inbox/markHandled.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'SESSION'] },
  summary: 'Mark messages handled (or not), all or none',
} as const satisfies RouteDefinition;

export const inboxReply = {
  method: 'POST',
  path: '/apis/inbox/reply',
  handler: 'functions/inbox/reply.ts',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Reply to a follower with a customer-service message, inside WeChat\'s 48-hour window',
} as const satisfies RouteDefinition;

export const inboxMedia = {
  method: 'GET',
  path: '/apis/inbox/media',
  handler: 'functions/inbox/media.ts',
  auth: true,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'The image, voice or video of a message, fetched from WeChat for its owner',
} as const satisfies RouteDefinition;

export const routes = {
  'user.register': userRegister,
  'user.verify': userVerify,
  'user.resendVerification': userResendVerification,
  'user.login': userLogin,
  'user.logout': userLogout,
  'user.me': userMe,
  'user.logo': userLogo,
  'component.authUrl': componentAuthUrl,
  'component.authCallback': componentAuthCallback,
  'component.event': componentEvent,
  'accounts.bindDirect': accountsBindDirect,
  'replies.add': repliesAdd,
  'replies.update': repliesUpdate,
  'replies.delete': repliesDelete,
  'replies.list': repliesList,
  'callback.verifyUrl': callbackVerifyUrl,
  'callback.message': callbackMessage,
  'accounts.updateSettings': accountsUpdateSettings,
  'accounts.detail': accountsDetail,
  'platform.webauth': platformWebauth,
  'platform.jsticket': platformJsticket,
  'platform.qrcode': platformQrcode,
  'followers.updateRemark': followersUpdateRemark,
  'groups.list': groupsList,
  'groups.which': groupsWhich,
  'groups.create': groupsCreate,
  'groups.update': groupsUpdate,
  'groups.delete': groupsDelete,
  'groups.move': groupsMove,
  'groups.users': groupsUsers,
  'materials.upload': materialsUpload,
  'materials.uploadVideo': materialsUploadVideo,
  'materials.createUploadUrl': materialsCreateUploadUrl,
  'materials.remove': materialsRemove,
  'materials.count': materialsCount,
  'materials.list': materialsList,
  'materials.image': materialsImage,
  'materials.uploadLogo': materialsUploadLogo,
  'platform.mpVerifyFile': platformMpVerifyFile,
  'menus.create': menusCreate,
  'menus.get': menusGet,
  'menus.delete': menusDelete,
  'menus.addConditional': menusAddConditional,
  'menus.deleteConditional': menusDeleteConditional,
  'menus.listConditional': menusListConditional,
  'menus.tryMatch': menusTryMatch,
  'inbox.list': inboxList,
  'inbox.conversation': inboxConversation,
  'inbox.markHandled': inboxMarkHandled,
  'inbox.reply': inboxReply,
  'inbox.media': inboxMedia,
} as const satisfies Record<string, RouteDefinition>;

/** Functions run on a schedule (EventBridge), not behind the API. */
export interface ScheduledDefinition {
  readonly handler: string;
  readonly reservedConcurrency?: number;
  /** An EventBridge schedule expression. */
  readonly schedule: string;
  readonly access: RouteAccess;
  readonly summary: string;
}

export const scheduled = {
  refreshTokens: {
    handler: 'functions/scheduled/refreshTokens.ts',
    schedule: 'rate(5 minutes)',
    // One run at a time: retries of a failing run must not pile up on WeChat's token endpoints.
    reservedConcurrency: 1,
    access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT'], wechat: true },
    summary: 'Refresh WeChat tokens and tickets that expire within the next 15 minutes',
  },
} as const satisfies Record<string, ScheduledDefinition>;

/**
 * Functions fed by a queue (SQS with a dead-letter queue), for work that must not run after an
 * answer has been sent (a Lambda is frozen once it has answered). CDK builds queue + DLQ +
 * function + event source per entry; locally a queue stand-in delivers the same events.
 */
export interface WorkerDefinition {
  readonly handler: string;
  /** The environment variable senders read the queue's URL from. */
  readonly queueUrlVariable: string;
  /** Deliveries of one message before it goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  readonly timeoutSeconds: number;
  readonly access: Omit<RouteAccess, 'queues'>;
  readonly summary: string;
}

export const workers = {
  callbackJobs: {
    handler: 'functions/workers/callbackJobs.ts',
    queueUrlVariable: 'CALLBACK_JOBS_QUEUE_URL',
    maxReceiveCount: 5,
    batchSize: 5,
    timeoutSeconds: 30,
    access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'RULE', 'TOKEN', 'COMPONENT'], wechat: true },
    summary: "The callback's work after its answer: release-test QUERY_AUTH_CODE and replies that missed WeChat's 5 s, sent as customer-service messages",
  },
} as const satisfies Record<string, WorkerDefinition>;

export type WorkerId = keyof typeof workers;

export type RouteId = keyof typeof routes;

/** Entries as a list, with their ids, in table order. */
const withIds = (table: typeof routes): ReadonlyArray<RouteDefinition & { readonly id: RouteId }> =>
  (Object.keys(table) as RouteId[]).map((id) => ({ id, ...table[id] }));

// Pure: a bundle that does not use the list (every Lambda) leaves it, and the table, out.
export const routeList = /* @__PURE__ */ withIds(routes);
