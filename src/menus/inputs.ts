import * as z from 'zod';
import { appid } from '../http/schemas';
import { matchRule, menuButtons } from './menu-schema';

/** Request schemas of the custom-menu endpoints (issue 15). */
const optionalAppid = { appid: appid.optional() };

export const MenuAccountInput = z.object(optionalAppid);

/** create/replace the default menu: `button` as WeChat's menu/create takes it. */
export const CreateMenuInput = z.object({ ...optionalAppid, button: menuButtons });

/** A personalised (conditional) menu: buttons and the rule that picks its followers. */
export const AddConditionalMenuInput = z.object({ ...optionalAppid, button: menuButtons, matchrule: matchRule });

export const ConditionalMenuIdInput = z.object({
  ...optionalAppid,
  menuid: z.union([z.number().int().min(0), z.string().trim().regex(/^\d{1,20}$/, 'a menu id (digits)')]).transform(String),
});

/** Which menu a follower sees (WeChat's trymatch takes an openid or a WeChat ID as user_id). */
export const TryMatchMenuInput = z.object({ ...optionalAppid, openid: z.string().trim().min(1).max(64) });
