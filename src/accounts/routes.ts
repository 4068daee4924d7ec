/** The accounts area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition } from '../core/route';

export const componentAuthUrl = {
  method: 'GET',
  path: '/apis/component/authUrl',
  handler: 'src/accounts/handlers/authUrl.ts',
  role: 'admin',
  auth: true,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'AUTHSTATE', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'PC and mobile URLs of WeChat\'s authorization page for this platform',
} as const satisfies RouteDefinition;

export const componentAuthCallback = {
  method: 'GET',
  path: '/wxplatform/authCallback',
  handler: 'src/accounts/handlers/authCallback.ts',
  role: 'public',
  auth: false,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'AUTHSTATE', 'COMPONENT', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'WeChat sends the owner back with auth_code: store the authorizer, link it, go to the console',
} as const satisfies RouteDefinition;

export const componentEvent = {
  method: 'POST',
  path: '/wxplatform/componentEvent',
  handler: 'src/accounts/handlers/componentEvent.ts',
  role: 'public',
  auth: false,
  body: 'raw',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'COMPONENT', 'TOKEN'], wechat: true },
  // A ticket every 10 minutes and the authorization events of every tenant: a bucket of its own.
  throttle: { rate: 50, burst: 100 },
  summary: 'WeChat pushes component_verify_ticket and authorization events (encrypted XML)',
} as const satisfies RouteDefinition;

export const accountsBindDirect = {
  method: 'POST',
  path: '/apis/accounts/bindDirect',
  handler: 'src/accounts/handlers/bindDirect.ts',
  role: 'admin',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'AUTHSTATE', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Bind an official account with its own appid and appsecret (checked with WeChat first)',
} as const satisfies RouteDefinition;

export const accountsUpdateSettings = {
  method: 'POST',
  path: '/apis/accounts/updateSettings',
  handler: 'src/accounts/handlers/updateSettings.ts',
  role: 'admin',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'MPVERIFY', 'ORG', 'SESSION'], wechat: true },
  summary: 'Set the web domains an account allows (OAuth redirects, JSSDK pages)',
} as const satisfies RouteDefinition;

export const accountsDetail = {
  method: 'GET',
  path: '/apis/accounts/detail',
  handler: 'src/accounts/handlers/detail.ts',
  role: 'viewer',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['ACCOUNT', 'ORG', 'SESSION'] },
  summary: "An account's status, mode, allowed domains and callback URL (no secrets)",
} as const satisfies RouteDefinition;

export const accountsClearQuota = {
  method: 'POST',
  path: '/apis/accounts/clearQuota',
  handler: 'src/accounts/handlers/clearQuota.ts',
  role: 'admin',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: "Reset WeChat's daily API quotas of the account now (clear_quota: 10 times a month)",
} as const satisfies RouteDefinition;

export const accountsQuota = {
  method: 'GET',
  path: '/apis/accounts/quota',
  handler: 'src/accounts/handlers/quota.ts',
  role: 'viewer',
  auth: true,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: "WeChat's daily API quotas of the account today (openapi/quota/get) for the APIs our features spend, with the feature that spends each",
} as const satisfies RouteDefinition;

export const accountsRoutes = {
  'component.authUrl': componentAuthUrl,
  'component.authCallback': componentAuthCallback,
  'component.event': componentEvent,
  'accounts.bindDirect': accountsBindDirect,
  'accounts.updateSettings': accountsUpdateSettings,
  'accounts.detail': accountsDetail,
  'accounts.clearQuota': accountsClearQuota,
  'accounts.quota': accountsQuota,
} as const satisfies Record<string, RouteDefinition>;
