/** The content area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition } from '../core/route';

const draftAccess = { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'CONTENT', 'MATERIAL', 'ORG', 'SESSION', 'TOKEN'], wechat: true } as const;
const sendAccess = { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'CONTENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true } as const;

export const contentAddDraft = {
  method: 'POST',
  path: '/apis/content/addDraft',
  handler: 'src/content/handlers/addDraft.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: draftAccess,
  summary: "A draft of up to 8 articles in WeChat's draft box (bodies sanitized, covers and pictures checked), and our copy",
} as const satisfies RouteDefinition;

export const contentUpdateDraft = {
  method: 'POST',
  path: '/apis/content/updateDraft',
  handler: 'src/content/handlers/updateDraft.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: draftAccess,
  summary: 'Replace one article of a draft (refused while a scheduled send holds the draft)',
} as const satisfies RouteDefinition;

export const contentGetDraft = {
  method: 'POST',
  path: '/apis/content/getDraft',
  handler: 'src/content/handlers/getDraft.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'CONTENT', 'ORG', 'SESSION'] },
  summary: 'One draft as we keep it (sanitized articles)',
} as const satisfies RouteDefinition;

export const contentListDrafts = {
  method: 'POST',
  path: '/apis/content/listDrafts',
  handler: 'src/content/handlers/listDrafts.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'CONTENT', 'ORG', 'SESSION'] },
  summary: 'The drafts in the draft box, newest change first',
} as const satisfies RouteDefinition;

export const contentDeleteDraft = {
  method: 'POST',
  path: '/apis/content/deleteDraft',
  handler: 'src/content/handlers/deleteDraft.ts',
  role: 'editor',
  auth: true,
  body: 'form',
  access: sendAccess,
  summary: 'Delete a draft at WeChat and ours (refused while a scheduled send holds it)',
} as const satisfies RouteDefinition;

export const contentUploadArticleImage = {
  method: 'POST',
  path: '/apis/content/uploadArticleImage',
  handler: 'src/content/handlers/uploadArticleImage.ts',
  role: 'editor',
  auth: true,
  body: 'multipart',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: "A picture for an article body (png or jpeg under 1 MB) through WeChat's media/uploadimg: answers its URL",
} as const satisfies RouteDefinition;

export const contentRoutes = {
  'content.addDraft': contentAddDraft,
  'content.updateDraft': contentUpdateDraft,
  'content.getDraft': contentGetDraft,
  'content.listDrafts': contentListDrafts,
  'content.deleteDraft': contentDeleteDraft,
  'content.uploadArticleImage': contentUploadArticleImage,
} as const satisfies Record<string, RouteDefinition>;

