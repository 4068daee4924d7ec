// zod/mini, not classic zod: classic zod was 90 KB of each groups.*, platform.*, followers.* and
// accounts.updateSettings bundle (README, "Cold start"). Same checks, messages and JSON Schema.
import * as z from 'zod/mini';
import { appid, preprocess } from '../http/schemas-mini';
import { mpVerifyFileName } from '../../lib/mp-verify';
import { utf8Bytes, wechatLimits } from '../wechat/limits';

/** Request schemas of the platform endpoints (SPEC §4 "Platform"), the seed's aliases included. */
const optionalAppid = { appid: z.optional(appid) };
const openid = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.meta({ examples: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0'] }));
const groupId = z.coerce.number().check(z.int(), z.gte(0), z.lte(2_147_483_647), z.meta({ examples: [100] }));
const groupName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.refine((s) => utf8Bytes(s) <= wechatLimits.tagNameBytes, 'at most 30 bytes (UTF-8, WeChat\'s unit: a Chinese character takes 3)'),
  );
const httpUrl = z.string().check(z.trim(), z.maxLength(2048), z.regex(/^https?:\/\/\S+$/i, 'must be an http(s) URL'), z.meta({ examples: ['https://shop.example.com/page'] }));

export const AccountOnlyInput = z.object(optionalAppid);
export const OpenidInput = z.object({ ...optionalAppid, openid });
export const RemarkInput = z.object({
  ...optionalAppid,
  openid,
  remark: z
    .string()
    .check(z.trim(), z.refine((s) => utf8Bytes(s) < wechatLimits.remarkBytesBelow, 'under 30 bytes (UTF-8, WeChat\'s unit: a Chinese character takes 3)')),
});
export const GroupNameInput = z.object({ ...optionalAppid, groupName });
export const GroupInput = z.object({ ...optionalAppid, groupId });
export const RenameGroupInput = z.object({ ...optionalAppid, groupId, groupName });
export const MoveInput = z.object({ ...optionalAppid, groupId, openid });
export const GroupUsersInput = z.object({
  ...optionalAppid,
  groupId,
  next: z.optional(z.string().check(z.trim(), z.maxLength(64))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 100),
});

/** `sceneId` (seed: `senseld`): digits are an integer scene, anything else a string scene. */
export const QrcodeInput = preprocess(
  (value) => {
    if (typeof value !== 'object' || value === null) return value;
    const { senseld, ...rest } = value as Record<string, unknown>;
    return { ...rest, sceneId: rest['sceneId'] ?? senseld };
  },
  z.object({
    ...optionalAppid,
    sceneId: z.pipe(
      z.union([
        z.number(),
        z
          .string()
          .check(
            z.trim(),
            z.minLength(1),
            z.refine((s) => utf8Bytes(s) <= wechatLimits.qrSceneStrBytes, 'a string scene takes at most 64 bytes (UTF-8, WeChat\'s unit)'),
          ),
      ]),
      z.transform((s) => (typeof s === 'string' && /^\d{1,10}$/.test(s) ? Number(s) : s)),
    ),
    expire: z.optional(z.coerce.number().check(z.int())),
  }),
);

export const JsticketInput = z.object({ appid, url: httpUrl });

export const WebauthInput = z.object({
  appid,
  scope: z._default(z.enum(['snsapi_base', 'snsapi_userinfo']), 'snsapi_base'),
  redirect: z.optional(httpUrl),
  code: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(512))),
  state: z.optional(z.string().check(z.trim(), z.minLength(16), z.maxLength(128))),
});

const domain = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a domain name like example.com'),
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
      message: 'is required with mpVerifyFile (the two come together from WeChat)',
      path: ['mpVerifyContent'],
    }),
    z.refine((s) => s.domains !== undefined || s.mpVerifyFile !== undefined || s.inboxRetentionDays !== undefined, {
      message: 'is required (or mpVerifyFile, or inboxRetentionDays)',
      path: ['domains'],
    }),
  );

/** The domain-check file WeChat fetches at the root of the platform's domain. */
export const MpVerifyFileInput = z.object({ file: mpVerifyFile });
