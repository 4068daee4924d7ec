import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';
import { buttonTypes } from './menu-schema';
import { AddConditionalMenuInput, ConditionalMenuIdInput, CreateMenuInput, DeleteMenuInput, MenuAccountInput, TryMatchMenuInput } from './inputs';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import type { menusRoutes } from './routes';

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

const version = z.number().int().min(0).meta({ description: 'publishes of the default menu through this platform: send it back with createMenu/deleteMenu (a stale one answers 40902)' });
export const CreateMenuOutput = okBody({ button: buttons, version });
export const GetMenuOutput = okBody({
  version,
  menu: z.object({ button: buttons, menuid: z.string().optional() }).nullable().meta({ description: 'null when the account has no menu' }),
  conditionalmenu: z.array(personalisedMenu),
});
const liveLeaf = {
  type: z.string().optional().meta({ description: "the API's types, or the back office's: text, img, photo, voice, video, news, view" }),
  name: z.string().optional(),
  key: z.string().optional(),
  url: z.string().optional(),
  value: z.string().optional().meta({ description: 'text: the text; img/voice: a temporary media id; video: a download link; news: the news material id' }),
  appid: z.string().optional(),
  pagepath: z.string().optional(),
  media_id: z.string().optional(),
  article_id: z.string().optional(),
  news_titles: z.array(z.string()).optional(),
};
export const GetCurrentMenuOutput = okBody({
  version,
  isMenuOpen: z.boolean(),
  source: z.enum(['api', 'backOffice', 'none']).meta({ description: 'api: made through the API (menu/get has it); backOffice: made in mp.weixin.qq.com, publishing replaces it; none: no menu shown' }),
  live: z.object({ button: z.array(z.object({ ...liveLeaf, sub_button: z.array(z.object(liveLeaf)).optional() })) }).nullable(),
  editor: z.object({ button: buttons }).nullable().meta({ description: 'the back-office menu converted for createMenu; buttons listed in notes as incomplete need a field before publishing' }),
  notes: z.array(
    z.object({
      path: z.string(),
      name: z.string(),
      from: z.string(),
      outcome: z.enum(['converted', 'incomplete']),
      reason: z.string(),
      rule: z.object({ keyword: z.string(), text: z.string() }).optional().meta({ description: 'a keyword rule to add so the converted click answers as before' }),
    }),
  ),
});
export const DeleteMenuOutput = okBody({ version });
export const AddConditionalMenuOutput = okBody({ menuid: z.string() });
export const DeleteConditionalMenuOutput = OkOnly;
export const ListConditionalMenusOutput = okBody({ conditionalmenu: z.array(personalisedMenu) });
export const TryMatchMenuOutput = okBody({ button: buttons });

/** The contract of this area's routes: the schema each handler validates with, its answer, the errcodes beyond every route's own (lib/contract.ts adds those). */
export const menusContract = {
  'menus.create': { input: CreateMenuInput, output: CreateMenuOutput, account: true, codes: [E.staleVersion] },
  'menus.get': { input: MenuAccountInput, output: GetMenuOutput, account: true },
  'menus.getCurrent': { input: MenuAccountInput, output: GetCurrentMenuOutput, account: true },
  'menus.delete': { input: DeleteMenuInput, output: DeleteMenuOutput, account: true, codes: [E.staleVersion] },
  'menus.addConditional': { input: AddConditionalMenuInput, output: AddConditionalMenuOutput, account: true },
  'menus.deleteConditional': { input: ConditionalMenuIdInput, output: DeleteConditionalMenuOutput, account: true },
  'menus.listConditional': { input: MenuAccountInput, output: ListConditionalMenusOutput, account: true },
  'menus.tryMatch': { input: TryMatchMenuInput, output: TryMatchMenuOutput, account: true },
} as const satisfies Record<keyof typeof menusRoutes, ContractSpec>;
