/** The menus area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition } from '../core/route';

export const menusCreate = {
  method: 'POST',
  path: '/apis/menus/createMenu',
  handler: 'src/menus/handlers/createMenu.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Create or replace the custom menu (WeChat\'s limits checked first)',
} as const satisfies RouteDefinition;

export const menusGet = {
  method: 'POST',
  path: '/apis/menus/getMenu',
  handler: 'src/menus/handlers/getMenu.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'The custom menu and the personalised menus',
} as const satisfies RouteDefinition;

export const menusGetCurrent = {
  method: 'POST',
  path: '/apis/menus/getCurrentMenu',
  handler: 'src/menus/handlers/getCurrentMenu.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'The menu followers see now, also one made in WeChat\'s own back office, and it converted for the editor',
} as const satisfies RouteDefinition;

export const menusDelete = {
  method: 'POST',
  path: '/apis/menus/deleteMenu',
  handler: 'src/menus/handlers/deleteMenu.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Delete the custom menu and every personalised menu',
} as const satisfies RouteDefinition;

export const menusAddConditional = {
  method: 'POST',
  path: '/apis/menus/addConditionalMenu',
  handler: 'src/menus/handlers/addConditionalMenu.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Add a personalised menu (by tag or client platform)',
} as const satisfies RouteDefinition;

export const menusDeleteConditional = {
  method: 'POST',
  path: '/apis/menus/deleteConditionalMenu',
  handler: 'src/menus/handlers/deleteConditionalMenu.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'Delete one personalised menu',
} as const satisfies RouteDefinition;

export const menusListConditional = {
  method: 'POST',
  path: '/apis/menus/listConditionalMenus',
  handler: 'src/menus/handlers/listConditionalMenus.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'The personalised menus with their match rules',
} as const satisfies RouteDefinition;

export const menusTryMatch = {
  method: 'POST',
  path: '/apis/menus/tryMatchMenu',
  handler: 'src/menus/handlers/tryMatchMenu.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: 'The menu a given follower sees',
} as const satisfies RouteDefinition;

export const menusRoutes = {
  'menus.create': menusCreate,
  'menus.get': menusGet,
  'menus.getCurrent': menusGetCurrent,
  'menus.delete': menusDelete,
  'menus.addConditional': menusAddConditional,
  'menus.deleteConditional': menusDeleteConditional,
  'menus.listConditional': menusListConditional,
  'menus.tryMatch': menusTryMatch,
} as const satisfies Record<string, RouteDefinition>;
