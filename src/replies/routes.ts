/** The replies area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition } from '../core/route';

export const repliesAdd = {
  method: 'POST',
  path: '/apis/wxreplymanage/addReply',
  handler: 'src/replies/handlers/addReply.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'RULE', 'SESSION'] },
  summary: 'Add a keyword auto-reply rule',
} as const satisfies RouteDefinition;

export const repliesUpdate = {
  method: 'POST',
  path: '/apis/wxreplymanage/updateReply',
  handler: 'src/replies/handlers/updateReply.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'RULE', 'SESSION'] },
  summary: 'Replace the reply (and match mode) of an existing rule',
} as const satisfies RouteDefinition;

export const repliesDelete = {
  method: 'POST',
  path: '/apis/wxreplymanage/deleteReply',
  handler: 'src/replies/handlers/deleteReply.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'RULE', 'SESSION'] },
  summary: 'Delete the rule of a keyword',
} as const satisfies RouteDefinition;

export const repliesList = {
  method: 'POST',
  path: '/apis/wxreplymanage/listReply',
  handler: 'src/replies/handlers/listReply.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'read', entities: ['ACCOUNT', 'RULE', 'SESSION'] },
  summary: 'List rules, a page at a time',
} as const satisfies RouteDefinition;

export const repliesImportAutoreply = {
  method: 'POST',
  path: '/apis/wxreplymanage/importAutoreply',
  handler: 'src/replies/handlers/importAutoreply.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'RULE', 'TOKEN', 'COMPONENT', 'SESSION'], wechat: true },
  summary: "The auto-replies set in WeChat's own back office: what would be imported (preview), or import them as rules",
} as const satisfies RouteDefinition;

export const repliesRoutes = {
  'replies.add': repliesAdd,
  'replies.update': repliesUpdate,
  'replies.delete': repliesDelete,
  'replies.list': repliesList,
  'replies.importAutoreply': repliesImportAutoreply,
} as const satisfies Record<string, RouteDefinition>;
