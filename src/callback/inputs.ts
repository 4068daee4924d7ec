import * as z from 'zod';
import { appid } from '../http/schemas';

/** What WeChat puts in the callback URL's query. */
export const CallbackQueryInput = z.object({
  signature: z.string().regex(/^[0-9a-f]{40}$/i, 'a sha1 hex digest'),
  timestamp: z.string().regex(/^\d{1,12}$/, 'seconds since the epoch'),
  nonce: z.string().min(1).max(64),
  encrypt_type: z.enum(['aes', 'raw']).optional(),
  msg_signature: z
    .string()
    .regex(/^[0-9a-f]{40}$/i, 'a sha1 hex digest')
    .optional(),
  /** Not used (FromUserName in the signed body is what counts); a long one must not refuse the message. */
  openid: z.string().max(8192).optional(),
  /** From the path: /wxplatform/callback/{appid}. */
  appid,
});

export const UrlVerificationInput = CallbackQueryInput.extend({ echostr: z.string().min(1).max(512) });
