// zod/mini, not classic zod: the message callback is the one function on WeChat's 5 s clock, and
// classic zod would be 83 KB of its bundle (README, "Cold start"). Same checks, same messages.
import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';
import { appidFormat, epochSecondsFormat, sha1HexFormat, type FieldFormat } from '../core/http/formats';

// The messages classic zod gives (it loads English on import; zod/mini loads no locale).
z.config(en());

const formatted = (format: FieldFormat) => z.string().check(z.regex(format.pattern, format.message), z.meta({ examples: [...format.examples] }));
const sha1Hex = formatted(sha1HexFormat);

/** What WeChat puts in the callback URL's query. */
export const CallbackQueryInput = z.object({
  signature: sha1Hex,
  timestamp: formatted(epochSecondsFormat),
  nonce: z.string().check(z.minLength(1), z.maxLength(64)),
  encrypt_type: z.optional(z.enum(['aes', 'raw'])),
  msg_signature: z.optional(sha1Hex),
  /** Not used (FromUserName in the signed body is what counts); a long one must not refuse the message. */
  openid: z.optional(z.string().check(z.maxLength(8192))),
  /** From the path: /wxplatform/callback/{appid}. */
  appid: formatted(appidFormat),
});

export const UrlVerificationInput = z.extend(CallbackQueryInput, { echostr: z.string().check(z.minLength(1), z.maxLength(512)) });
