// zod/mini, not classic zod: classic zod was 90 KB of each groups.*, platform.*, followers.* and
// accounts.updateSettings bundle (README, "Cold start"). Same checks, messages and JSON Schema.
import * as z from 'zod/mini';
import { appid, maxUtf8Bytes, xmlText } from '../core/http/schemas-mini';
import { utf8Bytes, wechatLimits } from '../wechat/limits';

/**
 * Request schemas of the groups and follower endpoints (SPEC §4 "Platform"), the seed's aliases
 * included. The QR code, JSSDK and web OAuth schemas are in ./web-inputs.ts, the settings in
 * ./settings-inputs.ts: a module builds every schema it holds when a function loads it, so each
 * function loads only the module of its own (README, "Cold start").
 */
const optionalAppid = { appid: z.optional(appid) };
const openid = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.meta({ examples: ['oAbCdEfGhIjKlMnOpQrStUvWxYz0'] }));
const groupId = z.coerce.number().check(z.int(), z.gte(0), z.lte(2_147_483_647), z.meta({ examples: [100] }));
const groupName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    xmlText(),
    maxUtf8Bytes(wechatLimits.tagNameBytes),
  );

export const AccountOnlyInput = z.object(optionalAppid);
export const OpenidInput = z.object({ ...optionalAppid, openid });
export const RemarkInput = z.object({
  ...optionalAppid,
  openid,
  remark: z
    .string()
    .check(z.trim(), xmlText(), maxUtf8Bytes(wechatLimits.remarkBytesBelow, { below: true })),
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

export const ListQrcodesInput = z.object({ appid });
