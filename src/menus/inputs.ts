import * as z from 'zod/mini';
import { appid } from '../core/http/schemas-mini';
import { matchRule, menuButtons } from './menu-schema';

/** Request schemas of the custom-menu endpoints (issue 15). */
const optionalAppid = { appid: z.optional(appid) };

export const MenuAccountInput = z.object(optionalAppid);

/** The menu version the editor loaded (getMenu answers it): a publish over a newer one answers 40902; absent, the last publish wins. */
const menuVersion = z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000_000)));

/** create/replace the default menu: `button` as WeChat's menu/create takes it. */
export const CreateMenuInput = z.object({ ...optionalAppid, button: menuButtons, version: menuVersion });

export const DeleteMenuInput = z.object({ ...optionalAppid, version: menuVersion });

/** A personalised (conditional) menu: buttons and the rule that picks its followers. */
export const AddConditionalMenuInput = z.object({ ...optionalAppid, button: menuButtons, matchrule: matchRule });

export const ConditionalMenuIdInput = z.object({
  ...optionalAppid,
  menuid: z.pipe(z.union([z.number().check(z.int(), z.gte(0)), z.string().check(z.trim(), z.regex(/^\d{1,20}$/, 'format.digits'))]), z.transform(String)),
});

/** Which menu a follower sees (WeChat's trymatch takes an openid or a WeChat ID as user_id). */
export const TryMatchMenuInput = z.object({ ...optionalAppid, openid: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) });
