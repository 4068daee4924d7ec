import * as z from 'zod';
import { okBody } from '../core/http/outputs';
import { accountSummary } from '../users/outputs';

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
  createdAt: z.string(),
});

export const AccountDetailOutput = okBody({ account: AccountDetail });
