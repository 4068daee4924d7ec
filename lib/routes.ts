/**
 * The route table: the single source of truth for every HTTP endpoint.
 *
 * The CDK stack creates one Lambda function and one HTTP API route per entry; the local server
 * dispatches through the same entries to the same handler modules; each handler reads its own
 * entry (auth, body kind) from here. Nothing else registers a route.
 *
 * This file is pure data: it must stay importable from Lambda bundles (no CDK imports).
 */

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
  /** Sends mail through SES. */
  readonly mail?: boolean;
  /** S3 access of the function, if any, limited to one key prefix. */
  readonly bucket?: 'read' | 'write' | 'readwrite';
  readonly bucketPrefix?: 'staging/' | 'logos/';
  /** Needs the third-party platform's credentials (component secret) and calls WeChat. */
  readonly wechat?: boolean;
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
}

export const routes = {
  'user.register': {
    method: 'POST',
    path: '/apis/user/register',
    handler: 'functions/user/register.ts',
    auth: false,
    body: 'form',
    access: { table: 'write', mail: true },
    summary: 'Create an unverified user and mail a verification link',
  },
  'user.verify': {
    method: 'GET',
    path: '/apis/user/verify',
    handler: 'functions/user/verify.ts',
    auth: false,
    body: 'none',
    access: { table: 'write' },
    summary: 'Mark the e-mail verified (single-use link, 24 h)',
  },
  'user.resendVerification': {
    method: 'POST',
    path: '/apis/user/resendVerification',
    handler: 'functions/user/resendVerification.ts',
    auth: false,
    body: 'form',
    access: { table: 'write', mail: true },
    summary: 'Mail a new verification link (same answer whether or not the address exists)',
  },
  'user.login': {
    method: 'POST',
    path: '/apis/user/login',
    handler: 'functions/user/login.ts',
    auth: false,
    body: 'form',
    access: { table: 'write' },
    summary: 'Exchange username and password for a session token and cookies',
  },
  'user.logout': {
    method: 'POST',
    path: '/apis/user/logout',
    handler: 'functions/user/logout.ts',
    auth: true,
    body: 'form',
    access: { table: 'write' },
    summary: 'Destroy the session and clear the cookies',
  },
  'user.me': {
    method: 'GET',
    path: '/apis/user/me',
    handler: 'functions/user/me.ts',
    auth: true,
    body: 'none',
    access: { table: 'read', bucket: 'read', bucketPrefix: 'logos/' },
    summary: 'The user and the official accounts linked to them',
  },
  'user.logo': {
    method: 'GET',
    path: '/apis/user/logo',
    handler: 'functions/user/logo.ts',
    auth: true,
    body: 'none',
    access: { table: 'read', bucket: 'read', bucketPrefix: 'logos/' },
    summary: "The user's logo image from our own origin (the console shows it under a CSP without foreign origins)",
  },
  'component.authUrl': {
    method: 'GET',
    path: '/apis/component/authUrl',
    handler: 'functions/component/authUrl.ts',
    auth: true,
    body: 'none',
    access: { table: 'write', wechat: true },
    summary: 'PC and mobile URLs of WeChat\'s authorization page for this platform',
  },
  'component.authCallback': {
    method: 'GET',
    path: '/wxplatform/authCallback',
    handler: 'functions/component/authCallback.ts',
    auth: false,
    body: 'none',
    access: { table: 'write', wechat: true },
    summary: 'WeChat sends the owner back with auth_code: store the authorizer, link it, go to the console',
  },
  'component.event': {
    method: 'POST',
    path: '/wxplatform/componentEvent',
    handler: 'functions/component/componentEvent.ts',
    auth: false,
    body: 'raw',
    access: { table: 'write', wechat: true },
    summary: 'WeChat pushes component_verify_ticket and authorization events (encrypted XML)',
  },
  'accounts.bindDirect': {
    method: 'POST',
    path: '/apis/accounts/bindDirect',
    handler: 'functions/accounts/bindDirect.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Bind an official account with its own appid and appsecret (checked with WeChat first)',
  },
  'replies.add': {
    method: 'POST',
    path: '/apis/wxreplymanage/addReply',
    handler: 'functions/replies/addReply.ts',
    auth: true,
    body: 'form',
    access: { table: 'write' },
    summary: 'Add a keyword auto-reply rule',
  },
  'replies.update': {
    method: 'POST',
    path: '/apis/wxreplymanage/updateReply',
    handler: 'functions/replies/updateReply.ts',
    auth: true,
    body: 'form',
    access: { table: 'write' },
    summary: 'Replace the reply (and match mode) of an existing rule',
  },
  'replies.delete': {
    method: 'POST',
    path: '/apis/wxreplymanage/deleteReply',
    handler: 'functions/replies/deleteReply.ts',
    auth: true,
    body: 'form',
    access: { table: 'write' },
    summary: 'Delete the rule of a keyword',
  },
  'replies.list': {
    method: 'POST',
    path: '/apis/wxreplymanage/listReply',
    handler: 'functions/replies/listReply.ts',
    auth: true,
    body: 'form',
    access: { table: 'read' },
    summary: 'List rules, a page at a time',
  },
  'callback.verifyUrl': {
    method: 'GET',
    path: '/wxplatform/callback/{appid}',
    handler: 'functions/callback/verifyUrl.ts',
    auth: false,
    body: 'none',
    access: { table: 'read', wechat: true },
    summary: 'WeChat checks the callback URL (signature, echostr)',
  },
  'callback.message': {
    method: 'POST',
    path: '/wxplatform/callback/{appid}',
    handler: 'functions/callback/message.ts',
    auth: false,
    body: 'raw',
    access: { table: 'write', wechat: true },
    summary: 'Messages and events of one account: match a rule, answer a passive reply',
  },
  'accounts.updateSettings': {
    method: 'POST',
    path: '/apis/accounts/updateSettings',
    handler: 'functions/accounts/updateSettings.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Set the web domains an account allows (OAuth redirects, JSSDK pages)',
  },
  'accounts.detail': {
    method: 'GET',
    path: '/apis/accounts/detail',
    handler: 'functions/accounts/detail.ts',
    auth: true,
    body: 'none',
    access: { table: 'read' },
    summary: "An account's status, mode, allowed domains and callback URL (no secrets)",
  },
  'platform.webauth': {
    method: 'GET',
    path: '/wxplatform/webauth',
    handler: 'functions/platform/webauth.ts',
    auth: false,
    body: 'none',
    access: { table: 'write', wechat: true },
    summary: 'Web OAuth for H5 pages: to WeChat without code, the openid (and userinfo) with it',
  },
  'platform.jsticket': {
    method: 'POST',
    path: '/apis/wxplatform/jsticket',
    handler: 'functions/platform/jsticket.ts',
    auth: false,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'JSSDK config signature for a page URL (public, CORS)',
  },
  'platform.qrcode': {
    method: 'POST',
    path: '/apis/wxplatform/qrcode',
    handler: 'functions/platform/qrcode.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'A temporary or permanent QR code with a scene',
  },
  'followers.updateRemark': {
    method: 'POST',
    path: '/apis/wxplatform/updateRemark',
    handler: 'functions/platform/updateRemark.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Set the remark of a follower',
  },
  'groups.list': {
    method: 'POST',
    path: '/apis/wxplatform/getGroups',
    handler: 'functions/groups/getGroups.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Groups (WeChat user tags) with follower counts',
  },
  'groups.which': {
    method: 'POST',
    path: '/apis/wxplatform/getWhichGroup',
    handler: 'functions/groups/getWhichGroup.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'The group of a follower (0 = ungrouped)',
  },
  'groups.create': {
    method: 'POST',
    path: '/apis/wxplatform/createGroup',
    handler: 'functions/groups/createGroup.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Create a group',
  },
  'groups.update': {
    method: 'POST',
    path: '/apis/wxplatform/updateGroup',
    handler: 'functions/groups/updateGroup.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Rename a group',
  },
  'groups.delete': {
    method: 'POST',
    path: '/apis/wxplatform/deleteGroup',
    handler: 'functions/groups/deleteGroup.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Delete a group',
  },
  'groups.move': {
    method: 'POST',
    path: '/apis/wxplatform/moveUserToGroup',
    handler: 'functions/groups/moveUserToGroup.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Put a follower in exactly one group',
  },
  'groups.users': {
    method: 'POST',
    path: '/apis/wxplatform/getGroupUsers',
    handler: 'functions/groups/getGroupUsers.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Followers of a group with profiles, a page at a time',
  },
  'materials.upload': {
    method: 'POST',
    path: '/apis/materials/uploadMaterial',
    handler: 'functions/materials/uploadMaterial.ts',
    auth: true,
    body: 'multipart',
    access: { table: 'write', bucket: 'readwrite', wechat: true, bucketPrefix: 'staging/' },
    summary: 'Upload an image, voice or thumb: checked, staged in S3, forwarded to WeChat',
  },
  'materials.uploadVideo': {
    method: 'POST',
    path: '/apis/materials/uploadVideoMaterial',
    handler: 'functions/materials/uploadVideoMaterial.ts',
    auth: true,
    body: 'multipart',
    access: { table: 'write', bucket: 'readwrite', wechat: true, bucketPrefix: 'staging/' },
    summary: 'Upload a video inline or from a staged key, forwarded to WeChat',
  },
  'materials.createUploadUrl': {
    method: 'POST',
    path: '/apis/materials/createUploadUrl',
    handler: 'functions/materials/createUploadUrl.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', bucket: 'write', bucketPrefix: 'staging/' },
    summary: 'A presigned S3 upload for a file too big for a request body',
  },
  'materials.remove': {
    method: 'POST',
    path: '/apis/materials/removeMaterial',
    handler: 'functions/materials/removeMaterial.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Delete a permanent material',
  },
  'materials.count': {
    method: 'POST',
    path: '/apis/materials/getMaterialCount',
    handler: 'functions/materials/getMaterialCount.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'How many materials of each type',
  },
  'materials.list': {
    method: 'POST',
    path: '/apis/materials/getMaterialByType',
    handler: 'functions/materials/getMaterialByType.ts',
    auth: true,
    body: 'form',
    access: { table: 'write', wechat: true },
    summary: 'Materials of a type, a page at a time (count at most 20)',
  },
  'materials.uploadLogo': {
    method: 'POST',
    path: '/apis/materials/uploadLogo',
    handler: 'functions/materials/uploadLogo.ts',
    auth: true,
    body: 'multipart',
    access: { table: 'write', bucket: 'readwrite', bucketPrefix: 'logos/' },
    summary: 'Upload the logo of the user (kept in S3, shown in me)',
  },
} as const satisfies Record<string, RouteDefinition>;

/** Functions run on a schedule (EventBridge), not behind the API. */
export interface ScheduledDefinition {
  readonly handler: string;
  /** An EventBridge schedule expression. */
  readonly schedule: string;
  readonly access: RouteAccess;
  readonly summary: string;
}

export const scheduled = {
  refreshTokens: {
    handler: 'functions/scheduled/refreshTokens.ts',
    schedule: 'rate(5 minutes)',
    access: { table: 'write', wechat: true },
    summary: 'Refresh WeChat tokens and tickets that expire within the next 15 minutes',
  },
} as const satisfies Record<string, ScheduledDefinition>;

export type RouteId = keyof typeof routes;

/** Entries as a list, with their ids, in table order. */
export const routeList: ReadonlyArray<RouteDefinition & { readonly id: RouteId }> = (
  Object.keys(routes) as RouteId[]
).map((id) => ({ id, ...routes[id] }));
