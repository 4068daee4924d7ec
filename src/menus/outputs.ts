import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';
import { buttonTypes } from './menu-schema';

/** Answers of the custom-menu endpoints (WeChat's own shapes, without menu/get's empty sub_button on leaves). */
const leaf = {
  type: z.enum(buttonTypes).optional(),
  name: z.string(),
  key: z.string().optional(),
  url: z.string().optional(),
  appid: z.string().optional(),
  pagepath: z.string().optional(),
  media_id: z.string().optional(),
  article_id: z.string().optional(),
};
export const menuButton = z.object({ ...leaf, sub_button: z.array(z.object(leaf)).optional() });
const buttons = z.array(menuButton);

const personalisedMenu = z.object({
  menuid: z.string(),
  matchrule: z.record(z.string(), z.unknown()).meta({ description: 'tag_id and/or client_platform_type, as WeChat lists them' }),
  button: buttons,
});

export const CreateMenuOutput = okBody({ button: buttons });
export const GetMenuOutput = okBody({
  menu: z.object({ button: buttons, menuid: z.string().optional() }).nullable().meta({ description: 'null when the account has no menu' }),
  conditionalmenu: z.array(personalisedMenu),
});
export const DeleteMenuOutput = OkOnly;
export const AddConditionalMenuOutput = okBody({ menuid: z.string() });
export const DeleteConditionalMenuOutput = OkOnly;
export const ListConditionalMenusOutput = okBody({ conditionalmenu: z.array(personalisedMenu) });
export const TryMatchMenuOutput = okBody({ button: buttons });
