import * as z from 'zod';
import { appid } from '../http/schemas';
import { mpVerifyFileName } from '../../lib/mp-verify';
import { utf8Bytes, wechatLimits } from '../wechat/limits';

/** Request schemas of the platform endpoints (SPEC §4 "Platform"), the seed's aliases included. */
const optionalAppid = { appid: appid.optional() };
const openid = z.string().trim().min(1).max(64).meta({ examples: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0'] });
const groupId = z.coerce.number().int().min(0).max(2_147_483_647).meta({ examples: [100] });
const groupName = z
  .string()
  .trim()
  .min(1)
  .refine((s) => utf8Bytes(s) <= wechatLimits.tagNameBytes, 'at most 30 bytes (UTF-8, WeChat\'s unit: a Chinese character takes 3)');
const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .regex(/^https?:\/\/\S+$/i, 'must be an http(s) URL')
  .meta({ examples: ['https://shop.example.com/page'] });

export const AccountOnlyInput = z.object(optionalAppid);
export const OpenidInput = z.object({ ...optionalAppid, openid });
export const RemarkInput = z.object({
  ...optionalAppid,
  openid,
  remark: z
    .string()
    .trim()
    .refine((s) => utf8Bytes(s) < wechatLimits.remarkBytesBelow, 'under 30 bytes (UTF-8, WeChat\'s unit: a Chinese character takes 3)'),
});
export const GroupNameInput = z.object({ ...optionalAppid, groupName });
export const GroupInput = z.object({ ...optionalAppid, groupId });
export const RenameGroupInput = z.object({ ...optionalAppid, groupId, groupName });
export const MoveInput = z.object({ ...optionalAppid, groupId, openid });
export const GroupUsersInput = z.object({
  ...optionalAppid,
  groupId,
  next: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** `sceneId` (seed: `senseld`): digits are an integer scene, anything else a string scene. */
export const QrcodeInput = z.preprocess(
  (value) => {
    if (typeof value !== 'object' || value === null) return value;
    const { senseld, ...rest } = value as Record<string, unknown>;
    return { ...rest, sceneId: rest['sceneId'] ?? senseld };
  },
  z.object({
    ...optionalAppid,
    sceneId: z
      .union([
        z.number(),
        z
          .string()
          .trim()
          .min(1)
          .refine((s) => utf8Bytes(s) <= wechatLimits.qrSceneStrBytes, 'a string scene takes at most 64 bytes (UTF-8, WeChat\'s unit)'),
      ])
      .transform((s) => (typeof s === 'string' && /^\d{1,10}$/.test(s) ? Number(s) : s)),
    expire: z.coerce.number().int().optional(),
  }),
);

export const JsticketInput = z.object({ appid, url: httpUrl });

export const WebauthInput = z.object({
  appid,
  scope: z.enum(['snsapi_base', 'snsapi_userinfo']).default('snsapi_base'),
  redirect: httpUrl.optional(),
  code: z.string().trim().min(1).max(512).optional(),
  state: z.string().trim().min(16).max(128).optional(),
});

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a domain name like example.com')
  .meta({ examples: ['shop.example.com'] });

/** WeChat's domain-check file: `MP_verify_<code>.txt`, holding the code (web OAuth, direct mode). */
const mpVerifyFile = z
  .string()
  .trim()
  .regex(mpVerifyFileName, 'the file name WeChat gives, like MP_verify_AbC123.txt')
  .meta({ examples: ['MP_verify_AbC123.txt'] });
const mpVerifyContent = z.string().trim().regex(/^[A-Za-z0-9]{1,128}$/, "the file's content as WeChat gives it (letters and digits)");

/** Days the inbox keeps messages: 0 (nothing) to 90. */
export const maxInboxRetentionDays = 90;

/** Account settings; each is optional, at least one is given, and only those given change. */
export const SettingsInput = z
  .object({
    ...optionalAppid,
    domains: z
      .preprocess((v) => (typeof v === 'string' ? v.split(',').map((d) => d.trim()).filter(Boolean) : v), z.array(domain).max(20))
      .optional(),
    inboxRetentionDays: z
      .preprocess((v) => (typeof v === 'string' && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : v), z.number().int().min(0).max(maxInboxRetentionDays))
      .optional(),
    mpVerifyFile: mpVerifyFile.optional(),
    mpVerifyContent: mpVerifyContent.optional(),
  })
  .refine((s) => (s.mpVerifyFile === undefined) === (s.mpVerifyContent === undefined), {
    message: 'is required with mpVerifyFile (the two come together from WeChat)',
    path: ['mpVerifyContent'],
  })
  .refine((s) => s.domains !== undefined || s.mpVerifyFile !== undefined || s.inboxRetentionDays !== undefined, {
    message: 'is required (or mpVerifyFile, or inboxRetentionDays)',
    path: ['domains'],
  });

/** The domain-check file WeChat fetches at the root of the platform's domain. */
export const MpVerifyFileInput = z.object({ file: mpVerifyFile });
