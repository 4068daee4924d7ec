import * as z from 'zod';
import { okBody } from '../core/http/outputs';
import { accountSummary } from '../users/contract';
import { AccountDetailInput, AuthCallbackInput, ClearQuotaInput, QuotaInput, AuthUrlInput, BindDirectInput, ComponentEventQuery } from './inputs';
import { SettingsInput } from './settings-inputs';
import { EncryptedEnvelopeXml, SuccessText } from '../wechat/push-schemas';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import type { accountsRoutes } from './routes';

/** Answers of official-account binding and third-party authorization. */

export const BindDirectOutput = okBody({ account: accountSummary });

export const AuthUrlOutput = okBody({
  authUrl: z.string().meta({ description: "WeChat's authorization page for a PC browser" }),
  mobileAuthUrl: z.string().meta({ description: 'the same inside WeChat on a phone' }),
  expires_in: z.number().int(),
});

export const SettingsOutput = okBody({
  appid: z.string(),
  domains: z.array(z.string()),
  inboxRetentionDays: z.number().int(),
  mpVerifyFile: z.string().optional().meta({ description: 'served at https://<platform domain>/<mpVerifyFile>' }),
});

/** The domain-check file's content, as WeChat fetches it. */
export const MpVerifyFileText = z.string().meta({ description: "the code WeChat gave, the file's whole content" });

/** One account as its owner's settings page shows it (src/accounts/detail.ts); never a secret. */
export const AccountDetail = z.object({
  appid: z.string(),
  nickname: z.string(),
  mode: z.enum(['component', 'direct']),
  status: z.enum(['authorized', 'unauthorized']),
  domains: z.array(z.string()),
  callbackUrl: z.string().optional().meta({ description: 'direct binding: the URL to paste into WeChat (server configuration)' }),
  encrypted: z.boolean().optional().meta({ description: 'direct binding: an EncodingAESKey is set (safe mode possible)' }),
  refreshError: z.object({ errcode: z.number().int(), errmsg: z.string(), at: z.string() }).optional().meta({ description: "the scheduled token refresh's last failure" }),
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
  'component.authCallback': {
    input: AuthCallbackInput,
    output: z.never(),
    json: false,
    codes: [E.forbidden, E.conflict],
    redirect: 'to the console: `<consoleUrl>?authorized=<appid>`; a browser (Accept: text/html) is sent on a refusal too, to `<consoleUrl>#/authorize-result?reason=<cancelled|used|unconfirmed|elsewhere|wechat|busy|failed>`, never to JSON',
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
  'accounts.detail': { input: AccountDetailInput, output: AccountDetailOutput, codes: [E.forbidden, E.notFound, E.noAccount] },
  'accounts.clearQuota': { input: ClearQuotaInput, output: ClearQuotaOutput, account: true },
  'accounts.quota': { input: QuotaInput, output: QuotaOutput, account: true },
} as const satisfies Record<keyof typeof accountsRoutes, ContractSpec>;
