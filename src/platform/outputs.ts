import * as z from 'zod';
import { okBody, OkOnly } from '../http/outputs';

/** Answers of the platform endpoints (web OAuth, JSSDK, QR codes, followers, groups). */

export const WebauthOutput = okBody({ openid: z.string(), unionid: z.string().optional() }).catchall(z.unknown()).meta({
  description: 'with `code` and no `redirect`: the openid (and the userinfo fields WeChat gave, for snsapi_userinfo)',
});

export const JsticketOutput = okBody({
  appid: z.string(),
  nonceStr: z.string(),
  timestamp: z.number().int(),
  signature: z.string().meta({ description: 'sha1 of jsapi_ticket, noncestr, timestamp and url (without #…)' }),
});

export const QrcodeOutput = okBody({
  qrcodeUrl: z.string(),
  ticket: z.string(),
  url: z.string(),
  expire_seconds: z.number().int().nullable().meta({ description: 'null for a permanent code' }),
});

export const RemarkOutput = OkOnly;

const group = z.object({ id: z.number().int(), name: z.string() });

export const GroupsOutput = okBody({ groups: z.array(group.extend({ count: z.number().int() })) });
export const WhichGroupOutput = okBody({ groupid: z.number().int().meta({ description: '0 = ungrouped' }) });
export const CreateGroupOutput = okBody({ group });
export const GroupChangeOutput = OkOnly;

export const followerProfile = z
  .object({ openid: z.string(), subscribe: z.number().int(), nickname: z.string().optional() })
  .catchall(z.unknown());

export const GroupUsersOutput = okBody({ users: z.array(followerProfile), next: z.string().optional() });
