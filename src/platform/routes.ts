/** The platform area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition } from '../core/route';

export const platformWebauth = {
  method: 'GET',
  path: '/wxplatform/webauth',
  handler: 'src/platform/handlers/webauth.ts',
  role: 'public',
  auth: false,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHSTATE', 'TOKEN', 'COMPONENT', 'H5SECRET'], wechat: true },
  summary: 'Web OAuth for H5 pages: to WeChat without code, the openid (and userinfo) with it',
} as const satisfies RouteDefinition;

export const platformJsticket = {
  method: 'POST',
  path: '/apis/wxplatform/jsticket',
  handler: 'src/platform/handlers/jsticket.ts',
  role: 'public',
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
  handler: 'src/platform/handlers/qrcode.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'QRCODE', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'A temporary or permanent QR code with a scene (kept by scene for the QR list and its counts)',
} as const satisfies RouteDefinition;

export const platformListQrcodes = {
  method: 'POST',
  path: '/apis/wxplatform/listQrcodes',
  handler: 'src/platform/handlers/listQrcodes.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'ORG', 'QRCODE', 'SESSION'] },
  summary: 'The QR codes made here, by scene, with their expiry and the scans and new followers each scene brought',
} as const satisfies RouteDefinition;

export const followersUpdateRemark = {
  method: 'POST',
  path: '/apis/wxplatform/updateRemark',
  handler: 'src/platform/handlers/updateRemark.ts',
  role: 'operator',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'AUDIENCE', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Set the remark of a follower (at WeChat, then in the follower directory)',
} as const satisfies RouteDefinition;

export const groupsList = {
  method: 'POST',
  path: '/apis/wxplatform/getGroups',
  handler: 'src/platform/handlers/getGroups.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Groups (WeChat user tags) with follower counts',
} as const satisfies RouteDefinition;

export const groupsWhich = {
  method: 'POST',
  path: '/apis/wxplatform/getWhichGroup',
  handler: 'src/platform/handlers/getWhichGroup.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'The group of a follower (0 = ungrouped)',
} as const satisfies RouteDefinition;

export const groupsCreate = {
  method: 'POST',
  path: '/apis/wxplatform/createGroup',
  handler: 'src/platform/handlers/createGroup.ts',
  role: 'operator',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Create a group',
} as const satisfies RouteDefinition;

export const groupsUpdate = {
  method: 'POST',
  path: '/apis/wxplatform/updateGroup',
  handler: 'src/platform/handlers/updateGroup.ts',
  role: 'operator',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Rename a group',
} as const satisfies RouteDefinition;

export const groupsDelete = {
  method: 'POST',
  path: '/apis/wxplatform/deleteGroup',
  handler: 'src/platform/handlers/deleteGroup.ts',
  role: 'operator',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Delete a group',
} as const satisfies RouteDefinition;

export const groupsMove = {
  method: 'POST',
  path: '/apis/wxplatform/moveUserToGroup',
  handler: 'src/platform/handlers/moveUserToGroup.ts',
  role: 'operator',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Put a follower in exactly one group',
} as const satisfies RouteDefinition;

export const groupsUsers = {
  method: 'POST',
  path: '/apis/wxplatform/getGroupUsers',
  handler: 'src/platform/handlers/getGroupUsers.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Followers of a group with profiles, a page at a time',
} as const satisfies RouteDefinition;

export const platformMpVerifyFile = {
  method: 'GET',
  path: '/wxplatform/mpverify/{file}',
  handler: 'src/platform/handlers/mpVerifyFile.ts',
  role: 'public',
  auth: false,
  body: 'none',
  access: { table: 'read', entities: ['MPVERIFY'] },
  summary: "WeChat's web-OAuth domain-check file; served at /MP_verify_<code>.txt (src/accounts/mp-verify.ts rewrites the root path)",
} as const satisfies RouteDefinition;

// `wechat: true` on the two H5-secret routes is for the tenant key only (secrets are sealed: lib/tenant-key.ts).
export const platformH5Secrets = {
  method: 'GET',
  path: '/apis/wxplatform/h5Secrets',
  handler: 'src/platform/handlers/h5Secrets.ts',
  role: 'admin',
  auth: true,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'H5SECRET', 'ORG', 'SESSION'], wechat: true },
  summary: "The account's H5 hand-off secrets: the current one signs, the previous one still verifies (made on first view)",
} as const satisfies RouteDefinition;

export const platformRotateH5Secret = {
  method: 'POST',
  path: '/apis/wxplatform/rotateH5Secret',
  handler: 'src/platform/handlers/rotateH5Secret.ts',
  role: 'admin',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'H5SECRET', 'ORG', 'SESSION'], wechat: true },
  summary: 'A new H5 hand-off secret: it signs from now on, the current one becomes the previous one, the previous one stops verifying',
} as const satisfies RouteDefinition;

export const platformRoutes = {
  'platform.webauth': platformWebauth,
  'platform.jsticket': platformJsticket,
  'platform.qrcode': platformQrcode,
  'platform.listQrcodes': platformListQrcodes,
  'followers.updateRemark': followersUpdateRemark,
  'groups.list': groupsList,
  'groups.which': groupsWhich,
  'groups.create': groupsCreate,
  'groups.update': groupsUpdate,
  'groups.delete': groupsDelete,
  'groups.move': groupsMove,
  'groups.users': groupsUsers,
  'platform.mpVerifyFile': platformMpVerifyFile,
  'platform.h5Secrets': platformH5Secrets,
  'platform.rotateH5Secret': platformRotateH5Secret,
} as const satisfies Record<string, RouteDefinition>;
