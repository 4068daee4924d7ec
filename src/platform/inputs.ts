import * as z from 'zod';
import { appid } from '../http/schemas';

/** Request schemas of the platform endpoints (SPEC §4 "Platform"), the seed's aliases included. */
const optionalAppid = { appid: appid.optional() };
const openid = z.string().trim().min(1).max(64).meta({ examples: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0'] });
const groupId = z.coerce.number().int().min(0).max(2_147_483_647).meta({ examples: [100] });
const groupName = z.string().trim().min(1).max(30);
const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .regex(/^https?:\/\/\S+$/i, 'must be an http(s) URL')
  .meta({ examples: ['https://shop.example.com/page'] });

export const AccountOnlyInput = z.object(optionalAppid);
export const OpenidInput = z.object({ ...optionalAppid, openid });
export const RemarkInput = z.object({ ...optionalAppid, openid, remark: z.string().trim().max(30) });
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
    sceneId: z.union([z.number(), z.string().trim().min(1).max(64)]).transform((s) => (typeof s === 'string' && /^\d{1,10}$/.test(s) ? Number(s) : s)),
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

export const SettingsInput = z.object({
  ...optionalAppid,
  domains: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((d) => d.trim()).filter(Boolean) : v),
    z.array(domain).max(20),
  ),
});
