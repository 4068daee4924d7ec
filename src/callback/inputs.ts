import * as z from 'zod';
import { appid, epochSecondsText, sha1Hex } from '../http/schemas';

/** What WeChat puts in the callback URL's query. */
export const CallbackQueryInput = z.object({
  signature: sha1Hex,
  timestamp: epochSecondsText,
  nonce: z.string().min(1).max(64),
  encrypt_type: z.enum(['aes', 'raw']).optional(),
  msg_signature: sha1Hex.optional(),
  openid: z.string().max(64).optional(),
  /** From the path: /wxplatform/callback/{appid}. */
  appid,
});

export const UrlVerificationInput = CallbackQueryInput.extend({ echostr: z.string().min(1).max(512) });
