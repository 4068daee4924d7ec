// zod/mini, not classic zod (README, "Cold start"). Same checks, messages and JSON Schema.
import * as z from 'zod/mini';
import { appid, preprocess } from '../core/http/schemas-mini';
import { mpVerifyFileName } from './mp-verify';
import './rule-texts';

/** Request schemas of the account settings and the domain-check file (SPEC §4 "Platform"). */
const optionalAppid = { appid: z.optional(appid) };

const domain = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'format.domain'),
    z.meta({ examples: ['shop.example.com'] }),
  );

/** WeChat's domain-check file: `MP_verify_<code>.txt`, holding the code (web OAuth, direct mode). */
const mpVerifyFile = z
  .string()
  .check(z.trim(), z.regex(mpVerifyFileName, 'the file name WeChat gives, like MP_verify_AbC123.txt'), z.meta({ examples: ['MP_verify_AbC123.txt'] }));
const mpVerifyContent = z.string().check(z.trim(), z.regex(/^[A-Za-z0-9]{1,128}$/, "the file's content as WeChat gives it (letters and digits)"));

/** Days the inbox keeps messages: 0 (nothing) to 90. */
export const maxInboxRetentionDays = 90;

/** Account settings; each is optional, at least one is given, and only those given change. */
export const SettingsInput = z
  .object({
    ...optionalAppid,
    domains: z.optional(
      preprocess((v) => (typeof v === 'string' ? v.split(',').map((d) => d.trim()).filter(Boolean) : v), z.array(domain).check(z.maxLength(20))),
    ),
    inboxRetentionDays: z.optional(
      preprocess(
        (v) => (typeof v === 'string' && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : v),
        z.number().check(z.int(), z.gte(0), z.lte(maxInboxRetentionDays)),
      ),
    ),
    mpVerifyFile: z.optional(mpVerifyFile),
    mpVerifyContent: z.optional(mpVerifyContent),
  })
  .check(
    z.refine((s) => (s.mpVerifyFile === undefined) === (s.mpVerifyContent === undefined), {
      message: 'settings.verifyNeedsContent',
      path: ['mpVerifyContent'],
    }),
    z.refine((s) => s.domains !== undefined || s.mpVerifyFile !== undefined || s.inboxRetentionDays !== undefined, {
      message: 'settings.nothingToChange',
      path: ['domains'],
    }),
  );

/**
 * A direct binding's 服务器配置 as it is about to be set in 公众平台 (设置与开发 → 基本配置): token and
 * EncodingAESKey with WeChat's own formats, and the message mode. No key keeps the stored one.
 */
export const ServerConfigInput = z.object({
  ...optionalAppid,
  token: z.string().check(z.regex(/^[A-Za-z0-9]{3,32}$/, '3 to 32 letters or digits (as WeChat allows)'), z.meta({ examples: ['callbackToken2'] })),
  encodingAESKey: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9]{43}$/, '43 letters or digits'), z.meta({ examples: ['abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'] })),
  ),
  encryptMode: z.enum(['plain', 'compatible', 'safe']),
});

/** The domain-check file WeChat fetches at the root of the platform's domain. */
export const MpVerifyFileInput = z.object({ file: mpVerifyFile });
