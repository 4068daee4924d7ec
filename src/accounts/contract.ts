import * as z from 'zod';
import { okBody } from '../core/http/outputs';
import { accountSummary } from '../users/contract';
import {
  AccountDetailInput,
  AuthCallbackInput,
  AuthCompleteInput,
  AuthStatusInput,
  CancelTransferInput,
  ClearQuotaInput,
  HomeInput,
  QuotaInput,
  AuthUrlInput,
  BindDirectInput,
  ComponentEventQuery,
  UnbindInput,
} from './inputs';
import { ServerConfigInput, SettingsInput } from './settings-inputs';
import { EncryptedEnvelopeXml, SuccessText } from '../wechat/push-schemas';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import type { accountsRoutes } from './routes';

/** Answers of official-account binding and third-party authorization. */

export const BindDirectOutput = okBody({
  account: accountSummary,
  transfer: z
    .object({ dueAt: z.string() })
    .optional()
    .meta({ description: 'the account is owned by another organization: it moves here at dueAt unless one of its owners answers the mail with 不是我' }),
});

/** Where an authorization started in this session stands. */
export const AuthStatusOutput = okBody({
  status: z.enum(['started', 'phone', 'waiting', 'linked', 'refused', 'failed']).meta({
    description:
      "started: nothing back from WeChat yet; phone: a phone came back, type the code it shows (authComplete confirmCode); waiting: back, WeChat's `authorized` push not here yet; linked; refused / failed: see reason, start again",
  }),
  appid: z.string().optional(),
  nickname: z.string().optional(),
  moved: z.boolean().optional().meta({ description: 'linked: the account moved here from another organization (a fresh authorization proves control)' }),
  reason: z.string().optional(),
});

export const UnbindOutput = okBody({
  appid: z.string(),
  mode: z.enum(['component', 'direct']),
  keptUntil: z.string().meta({ description: 'rules and inbox are purged after this unless the account is bound again' }),
});

export const CancelTransferOutput = okBody({});

export const AuthUrlOutput = okBody({
  authUrl: z.string().meta({ description: "WeChat's authorization page for a PC browser" }),
  mobileAuthUrl: z.string().meta({ description: 'the same inside WeChat on a phone (the console shows it as a QR code)' }),
  state: z.string().meta({ description: 'this authorization, bound to this session: authStatus and authComplete take it' }),
  expires_in: z.number().int(),
});

export const SettingsOutput = okBody({
  appid: z.string(),
  domains: z.array(z.string()),
  inboxRetentionDays: z.number().int(),
  mpVerifyFile: z.string().optional().meta({ description: 'served at https://<platform domain>/<mpVerifyFile>' }),
});

export const ServerConfigOutput = okBody({
  appid: z.string(),
  encryptMode: z.enum(['plain', 'compatible', 'safe']),
  encrypted: z.boolean().meta({ description: 'an EncodingAESKey is stored' }),
  previousAcceptedUntil: z.string().meta({ description: 'until when pushes signed with the previous token and key are still accepted (submit the change in 公众平台 before)' }),
});

/** The domain-check file's content, as WeChat fetches it. */
export const MpVerifyFileText = z.string().meta({ description: "the code WeChat gave, the file's whole content" });

const homeCount = z
  .object({ count: z.number().int().min(0), capped: z.boolean().meta({ description: 'true: the count stopped at its read limit, show it as "at least"' }) })
  .optional();

/** The console's 首页 (src/accounts/home.ts). */
export const HomeOutput = okBody({
  since: z.string().meta({ description: '00:00 of yesterday, China time (ISO 8601): newFollowers counts from here' }),
  failedSendsSince: z.string().meta({ description: 'failedSends counts sends started from here (7 days)' }),
  accounts: z.array(
    z.object({
      appid: z.string(),
      nickname: z.string(),
      status: z.enum(['authorized', 'unauthorized', 'unbound']),
      needsReauthorization: z.boolean().meta({ description: 'revoked at WeChat, or WeChat refused its refresh token: authorize it again' }),
      newFollowers: homeCount.meta({ description: 'follows since `since` (from the inbox: none when its retention is 0)' }),
      unhandled: homeCount.meta({ description: "followers' messages not marked handled, within the inbox's retention" }),
      failedSends: homeCount.meta({ description: 'publishes and mass sends that failed since `failedSendsSince`' }),
    }),
  ),
  more: z.boolean().meta({ description: 'the organization has more accounts than listed: ask per appid' }),
  pendingApprovals: z.null().meta({ description: 'reserved for content approvals (not yet)' }),
});

/** One account as its owner's settings page shows it (src/accounts/detail.ts); never a secret. */
export const AccountDetail = z.object({
  appid: z.string(),
  nickname: z.string(),
  mode: z.enum(['component', 'direct']),
  status: z.enum(['authorized', 'unauthorized', 'unbound']),
  domains: z.array(z.string()),
  callbackUrl: z.string().optional().meta({ description: 'direct binding: the URL to paste into WeChat (server configuration)' }),
  encrypted: z.boolean().optional().meta({ description: 'direct binding: an EncodingAESKey is set (safe mode possible)' }),
  refreshError: z.object({ errcode: z.number().int(), errmsg: z.string(), at: z.string() }).optional().meta({ description: "the last failure to renew the account's token (scheduled, or when a request needed one)" }),
  encryptMode: z.enum(['plain', 'compatible', 'safe']).optional().meta({ description: 'direct mode: the message mode set at binding or in updateServerConfig' }),
  previousAcceptedUntil: z.string().optional().meta({ description: 'direct mode, after updateServerConfig: the previous token and key are accepted until then' }),
  needsReauthorization: z.boolean().meta({ description: 'WeChat refused the refresh token (61023, 61003): 需要重新授权, the owner authorizes the account again' }),
  headImg: z.string().optional(),
  principalName: z.string().optional(),
  serviceType: z
    .object({ id: z.number().int(), name: z.string() })
    .optional()
    .meta({ description: "WeChat's service_type_info: 0 or 1 订阅号 (subscription), 2 服务号 (service account); absent: not known (direct binding)" }),
  verifyType: z
    .object({ id: z.number().int(), verified: z.boolean(), name: z.string() })
    .optional()
    .meta({ description: "WeChat's verify_type_info: -1 未认证, 0 微信认证, 1–5 older or partial verifications; absent: not known (direct binding)" }),
  permissionSets: z
    .array(z.object({ id: z.number().int(), name: z.string() }))
    .optional()
    .meta({ description: 'the permission sets (func_info) the owner granted the platform; absent for a direct binding, where they do not apply' }),
  capabilities: z
    .array(z.object({ feature: z.string(), allowed: z.boolean().nullable(), need: z.string().optional() }))
    .meta({ description: 'what the account may do here: allowed null = only WeChat can tell (a direct binding); `need` names what is missing' }),
  createdAt: z.string(),
});

export const AccountDetailOutput = okBody({ account: AccountDetail });

/** WeChat's daily API quotas of the account are back to zero (WeChat allows 10 resets a month and does not say how many are left). */
export const ClearQuotaOutput = okBody({});

/** WeChat's daily quota of each watched API today, or WeChat's refusal to say (its errcode). */
export const QuotaOutput = okBody({
  apis: z
    .array(
      z.object({
        path: z.string().meta({ description: 'the API, as openapi/quota/get names it (`/cgi-bin/message/custom/send`)' }),
        feature: z.string().meta({ description: 'the feature of ours that spends it (`inbox.reply`, `followers.sync`…)' }),
        daily_limit: z.number().int().optional(),
        used: z.number().int().optional(),
        remain: z.number().int().optional(),
        wxerrcode: z.number().int().optional().meta({ description: 'WeChat would not say for this API (e.g. 48001: a permission set not granted)' }),
      }),
    )
    .meta({ description: "WeChat's numbers for today (China's day); clear_quota (10 a month) sets every `used` back to 0" }),
});

/** The contract of this area's routes: the schema each handler validates with, its answer, the errcodes beyond every route's own (lib/contract.ts adds those). */
export const accountsContract = {
  'component.authUrl': { input: AuthUrlInput, output: AuthUrlOutput },
  'component.authComplete': { input: AuthCompleteInput, output: AuthStatusOutput, codes: [E.forbidden] },
  'component.authStatus': { input: AuthStatusInput, output: AuthStatusOutput, codes: [E.forbidden] },
  'component.authCallback': {
    input: AuthCallbackInput,
    output: z.never(),
    json: false,
    codes: [],
    redirect: 'to the console page that completes it: `<consoleUrl>#/authorize/return?state=…&auth_code=…` (a phone: `#/authorize/phone?state=…&code=<6 digits>`); a browser (Accept: text/html) whose return fails its checks is sent to the same page with `#/authorize/return?reason=<cancelled|busy|failed>`, never to JSON',
  },
  'component.event': {
    input: ComponentEventQuery,
    output: z.never(),
    json: false,
    codes: [E.forbidden],
    xmlBody: EncryptedEnvelopeXml,
    answer: { contentType: 'text/plain', schema: SuccessText, description: '`success` once the push is stored' },
  },
  'accounts.bindDirect': {
    input: BindDirectInput,
    output: BindDirectOutput,
    codes: [E.forbidden, E.conflict],
  },
  'accounts.updateSettings': {
    input: SettingsInput,
    output: SettingsOutput,
    account: true,
    codes: [E.conflict],
  },
  'accounts.updateServerConfig': { input: ServerConfigInput, output: ServerConfigOutput, account: true },
  'accounts.detail': { input: AccountDetailInput, output: AccountDetailOutput, codes: [E.forbidden, E.notFound, E.noAccount] },
  'accounts.clearQuota': { input: ClearQuotaInput, output: ClearQuotaOutput, account: true },
  'accounts.quota': { input: QuotaInput, output: QuotaOutput, account: true },
  'accounts.unbind': { input: UnbindInput, output: UnbindOutput, codes: [E.badCredentials, E.forbidden, E.notFound] },
  'accounts.cancelTransfer': { input: CancelTransferInput, output: CancelTransferOutput, codes: [E.notFound] },
  'accounts.home': { input: HomeInput, output: HomeOutput, codes: [E.notFound] },
} as const satisfies Record<keyof typeof accountsRoutes, ContractSpec>;
