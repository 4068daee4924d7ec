import * as z from 'zod';
import { appid } from '../http/schemas';

/** Request schemas of official-account binding and third-party authorization. */

export const BindDirectInput = z.object({
  appid,
  appsecret: z.string().regex(/^[0-9a-f]{32}$/i, 'a 32-character hex string'),
  token: z.string().regex(/^[A-Za-z0-9]{3,32}$/, '3 to 32 letters or digits (as WeChat allows)'),
  encodingAESKey: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '43 letters or digits')
    .optional(),
  nickname: z.string().trim().max(64).optional(),
});

/** authUrl takes nothing but the session. */
export const AuthUrlInput = z.object({});

/** What WeChat puts in the query when it sends the owner back from its authorization page. */
export const AuthCallbackInput = z.object({
  auth_code: z.string().min(1).max(512),
  expires_in: z.string().max(16).optional(),
  state: z.string().min(16).max(128),
});

/** What WeChat puts in the component event URL's query (the body is encrypted XML). */
export const ComponentEventQuery = z.object({
  timestamp: z.string().regex(/^\d{1,12}$/, 'seconds since the epoch'),
  nonce: z.string().min(1).max(64),
  msg_signature: z.string().regex(/^[0-9a-f]{40}$/i, 'a sha1 hex digest'),
  signature: z.string().max(64).optional(),
  encrypt_type: z.literal('aes').optional(),
});
