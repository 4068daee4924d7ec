import * as z from 'zod';
import { appid, epochSecondsText, sha1Hex } from '../http/schemas';

/** What WeChat puts in the callback URL's query. */
export const CallbackQueryInput = z.object({
  signature: sha1Hex,
  timestamp: epochSecondsText,
  nonce: z.string().min(1).max(64),
  encrypt_type: z.enum(['aes', 'raw']).optional(),
  msg_signature: sha1Hex.optional(),
  /** Not used (FromUserName in the signed body is what counts); a long one must not refuse the message. */
  openid: z.string().max(8192).optional(),
  /** From the path: /wxplatform/callback/{appid}. */
  appid,
});

export const UrlVerificationInput = CallbackQueryInput.extend({ echostr: z.string().min(1).max(512) });
