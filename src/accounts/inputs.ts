// zod/mini, not classic zod: classic zod was 90 KB of each component.*, accounts.bindDirect and
// accounts.detail bundle (README, "Cold start"). Same checks, messages and JSON Schema; the
// console's binding form checks with BindDirectInput too.
import * as z from 'zod/mini';
import { appid, epochSecondsText, sha1Hex } from '../core/http/schemas-mini';

/** Request schemas of official-account binding and third-party authorization. */

export const BindDirectInput = z.object({
  appid,
  appsecret: z.string().check(z.regex(/^[0-9a-f]{32}$/i, 'a 32-character hex string'), z.meta({ examples: ['0123456789abcdef0123456789abcdef'] })),
  token: z.string().check(z.regex(/^[A-Za-z0-9]{3,32}$/, '3 to 32 letters or digits (as WeChat allows)'), z.meta({ examples: ['callbackToken1'] })),
  encodingAESKey: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9]{43}$/, '43 letters or digits'), z.meta({ examples: ['abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'] })),
  ),
  nickname: z.optional(z.string().check(z.trim(), z.maxLength(64))),
  /** 原始ID in the back office (设置与开发 → 公众号设置): the ToUserName of the account's pushes. */
  originalId: z.optional(z.string().check(z.regex(/^gh_[0-9a-f]{12}$/, "the account's original ID: gh_ and 12 hex digits"), z.meta({ examples: ['gh_0123456789ab'] }))),
  /** 消息加解密方式 chosen in the back office: 明文模式 plain, 兼容模式 compatible, 安全模式 safe (plaintext pushes then refused). */
  encryptMode: z.optional(z.enum(['plain', 'compatible', 'safe'])),
});

/**
 * authUrl: `authType` 1 (official accounts only, the default: what this platform serves), 2 (mini
 * programs only) or 3 (both), as WeChat's authorization link takes it.
 */
export const AuthUrlInput = z.object({
  authType: z.optional(
    z.pipe(
      z.coerce.number().check(z.int(), z.refine((n) => n === 1 || n === 2 || n === 3, '1 (official accounts), 2 (mini programs) or 3 (both)')),
      z.transform((n) => n as 1 | 2 | 3),
    ),
  ),
});

const authState = z
  .string()
  .check(z.regex(/^[0-9a-f]{64}$/, 'the state authUrl gave (64 hex digits)'), z.meta({ examples: ['0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'] }));
const authCode = z.string().check(z.minLength(1), z.maxLength(512));

/**
 * What WeChat puts in the query when it sends the owner back from its authorization page
 * (`via=phone` is ours: the mobile link's redirect, which comes back on a phone).
 */
export const AuthCallbackInput = z.object({
  auth_code: authCode,
  expires_in: z.optional(z.string().check(z.maxLength(16))),
  state: z.string().check(z.minLength(16), z.maxLength(128)),
  via: z.optional(z.literal('phone')),
});

/**
 * The starting session is back: with the auth_code WeChat gave its browser, or after a return on a
 * phone, with the 6-digit code the phone shows.
 */
export const AuthCompleteInput = z.object({
  state: authState,
  auth_code: z.optional(authCode),
  confirmCode: z.optional(z.string().check(z.regex(/^\d{6}$/, '6 digits, as the phone shows them'), z.meta({ examples: ['123456'] }))),
});

export const AuthStatusInput = z.object({ state: authState });

/** Unbinding: which account, and the owner's password again. */
export const UnbindInput = z.object({
  appid,
  password: z.string().check(z.minLength(1), z.maxLength(128)),
});

/** 不是我: the account and the one-time token of the mail's link. */
export const CancelTransferInput = z.object({
  appid,
  token: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, "the token of the mail's link"), z.meta({ examples: ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'] })),
});

/** What WeChat puts in the component event URL's query (the body is encrypted XML). */
export const ComponentEventQuery = z.object({
  timestamp: epochSecondsText,
  nonce: z.string().check(z.minLength(1), z.maxLength(64)),
  msg_signature: sha1Hex,
  signature: z.optional(z.string().check(z.maxLength(64))),
  encrypt_type: z.optional(z.literal('aes')),
});

/** The account-detail page: which account (optional when the user has exactly one). */
export const AccountDetailInput = z.object({ appid: z.optional(appid) });

/** The 首页 of the organization, or of one of its accounts. */
export const HomeInput = z.object({ appid: z.optional(appid) });

/** Which account's daily API quotas to reset (optional when the user has exactly one). */
export const ClearQuotaInput = z.object({ appid: z.optional(appid) });

/** Which account's daily API quotas to show (optional when the user has exactly one). */
export const QuotaInput = z.object({ appid: z.optional(appid) });
