/** The accounts area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition, ScheduledDefinition } from '../core/route';

export const componentAuthUrl = {
  method: 'GET',
  path: '/apis/component/authUrl',
  handler: 'src/accounts/handlers/authUrl.ts',
  role: 'admin',
  auth: true,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHSTATE', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'PC and mobile URLs of WeChat\'s authorization page for this platform',
} as const satisfies RouteDefinition;

export const componentAuthCallback = {
  method: 'GET',
  path: '/wxplatform/authCallback',
  handler: 'src/accounts/handlers/authCallback.ts',
  role: 'public',
  auth: false,
  body: 'none',
  access: { table: 'write', entities: ['AUTHSTATE'] },
  summary: "WeChat sends the owner back with auth_code: on to the console page that completes it in the starting session (a phone: a confirmation code for the console)",
} as const satisfies RouteDefinition;

export const componentAuthComplete = {
  method: 'POST',
  path: '/apis/component/authComplete',
  handler: 'src/accounts/handlers/authComplete.ts',
  role: 'admin',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'AUTHSTATE', 'COMPONENT', 'MESSAGE', 'ORG', 'RULE', 'SESSION', 'TOKEN'], wechat: true, mail: true },
  summary: "The starting session is back from WeChat's page (auth_code, or a phone's confirmCode): links the account once WeChat's push is here too",
} as const satisfies RouteDefinition;

export const componentAuthStatus = {
  method: 'GET',
  path: '/apis/component/authStatus',
  handler: 'src/accounts/handlers/authStatus.ts',
  role: 'admin',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['ACCOUNT', 'AUTHSTATE', 'ORG', 'SESSION'] },
  summary: 'Where an authorization started in this session stands (the console polls it while it waits for WeChat)',
} as const satisfies RouteDefinition;

export const componentEvent = {
  method: 'POST',
  path: '/wxplatform/componentEvent',
  handler: 'src/accounts/handlers/componentEvent.ts',
  role: 'public',
  auth: false,
  body: 'raw',
  access: { table: 'write', entities: ['ACCOUNT', 'AUTHGRANT', 'AUTHSTATE', 'COMPONENT', 'MESSAGE', 'ORG', 'RULE', 'SESSION', 'TOKEN'], wechat: true, mail: true },
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
  access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'ORG', 'RULE', 'SESSION', 'TOKEN', 'TRANSFER'], wechat: true, mail: true },
  summary: 'Bind an official account with its own appid and appsecret (checked with WeChat first); one owned elsewhere moves after 24 hours unless its owners object',
} as const satisfies RouteDefinition;

export const accountsUnbind = {
  method: 'POST',
  path: '/apis/accounts/unbind',
  handler: 'src/accounts/handlers/unbind.ts',
  role: 'owner',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'MESSAGE', 'ORG', 'RULE', 'SESSION', 'TOKEN', 'USER'] },
  summary: "Unbind an official account (password re-entered): no longer served; rules and inbox kept 30 days for a re-bind",
} as const satisfies RouteDefinition;

export const accountsCancelTransfer = {
  method: 'POST',
  path: '/apis/accounts/cancelTransfer',
  handler: 'src/accounts/handlers/cancelTransfer.ts',
  role: 'public',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['TRANSFER'] },
  summary: '不是我: an owner cancels the pending AppSecret transfer of their account with the one-time link of the mail',
  throttle: { rate: 5, burst: 10 },
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

export const accountsUpdateServerConfig = {
  method: 'POST',
  path: '/apis/accounts/updateServerConfig',
  handler: 'src/accounts/handlers/updateServerConfig.ts',
  role: 'admin',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'ORG', 'SESSION'], wechat: true },
  summary: "A direct binding's token, EncodingAESKey and message mode; the previous ones are still accepted for 24 hours",
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

export const accountsHome = {
  method: 'GET',
  path: '/apis/accounts/home',
  handler: 'src/accounts/handlers/home.ts',
  role: 'viewer',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['ACCOUNT', 'CONTENT', 'MESSAGE', 'ORG', 'SESSION'] },
  summary: "The console's 首页: per official account, new followers since yesterday, unhandled messages, failed sends, and whether it needs re-authorization",
} as const satisfies RouteDefinition;

export const accountsRoutes = {
  'component.authUrl': componentAuthUrl,
  'component.authCallback': componentAuthCallback,
  'component.authComplete': componentAuthComplete,
  'component.authStatus': componentAuthStatus,
  'component.event': componentEvent,
  'accounts.bindDirect': accountsBindDirect,
  'accounts.unbind': accountsUnbind,
  'accounts.cancelTransfer': accountsCancelTransfer,
  'accounts.updateSettings': accountsUpdateSettings,
  'accounts.updateServerConfig': accountsUpdateServerConfig,
  'accounts.detail': accountsDetail,
  'accounts.clearQuota': accountsClearQuota,
  'accounts.quota': accountsQuota,
  'accounts.home': accountsHome,
} as const satisfies Record<string, RouteDefinition>;

/** Scheduled functions of this area (lib/routes.ts adds them to the table's). */
export const accountsScheduled: Record<'transferAccounts', ScheduledDefinition> = {
  transferAccounts: {
    handler: 'src/accounts/handlers/transferAccounts.ts',
    schedule: 'rate(15 minutes)',
    access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'ORG', 'RULE', 'TOKEN', 'TRANSFER'], wechat: true, mail: true },
    summary: 'Carries out the AppSecret transfers whose 24 hours have passed without a 不是我',
  },
};
