import * as z from 'zod';
import { appid, epochSecondsText, sha1Hex } from '../http/schemas';

/** Request schemas of official-account binding and third-party authorization. */

export const BindDirectInput = z.object({
  appid,
  appsecret: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, 'a 32-character hex string')
    .meta({ examples: ['0123456789abcdef0123456789abcdef'] }),
  token: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, '3 to 32 letters or digits (as WeChat allows)')
    .meta({ examples: ['callbackToken1'] }),
  encodingAESKey: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '43 letters or digits')
    .meta({ examples: ['abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'] })
    .optional(),
  nickname: z.string().trim().max(64).optional(),
});

/**
 * authUrl: `authType` 1 (official accounts only, the default: what this platform serves), 2 (mini
 * programs only) or 3 (both), as WeChat's authorization link takes it.
 */
export const AuthUrlInput = z.object({
  authType: z.coerce
    .number()
    .int()
    .refine((n) => n === 1 || n === 2 || n === 3, '1 (official accounts), 2 (mini programs) or 3 (both)')
    .transform((n) => n as 1 | 2 | 3)
    .optional(),
});

/** What WeChat puts in the query when it sends the owner back from its authorization page. */
export const AuthCallbackInput = z.object({
  auth_code: z.string().min(1).max(512),
  expires_in: z.string().max(16).optional(),
  state: z.string().min(16).max(128),
});

/** What WeChat puts in the component event URL's query (the body is encrypted XML). */
export const ComponentEventQuery = z.object({
  timestamp: epochSecondsText,
  nonce: z.string().min(1).max(64),
  msg_signature: sha1Hex,
  signature: z.string().max(64).optional(),
  encrypt_type: z.literal('aes').optional(),
});

/** The account-detail page: which account (optional when the user has exactly one). */
export const AccountDetailInput = z.object({ appid: appid.optional() });
