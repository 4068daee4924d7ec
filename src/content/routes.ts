/** The content area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition, ScheduledDefinition } from '../core/route';

const draftAccess = { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'CONTENT', 'MATERIAL', 'ORG', 'SESSION', 'TOKEN'], wechat: true } as const;
// publish and massSend may schedule the send (sendAt); cancelSend deletes the schedule.
const sendAccess = { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'CONTENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true, schedules: true } as const;

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
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'CONTENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
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



const sendRoute = (name: string, summary: string, role: 'admin' | 'editor' | 'viewer' = 'admin') =>
  ({
    method: 'POST',
    path: `/apis/content/${name}`,
    handler: `src/content/handlers/${name}.ts`,
    role,
    auth: true,
    body: 'form',
    access: sendAccess,
    summary,
  }) as const;

export const contentPublish = {
  ...sendRoute('publish', '发布: publish a draft now (freepublish/submit) or at sendAt (5 minutes to 30 days ahead); answers the sendId'),
  // Mail: the approvers are told of a send that waits for them (issue 28).
  access: { ...sendAccess, mail: true },
  sends: true,
} as const satisfies RouteDefinition;
export const contentMassSend = {
  ...sendRoute('massSend', '群发: a draft, text, image, voice or video to a tag or to all followers, now or at sendAt; limits checked first; answers the sendId'),
  access: { ...sendAccess, mail: true },
  sends: true,
} as const satisfies RouteDefinition;
export const contentPreviewMass = {
  // An editor checks their article on a phone before an admin sends it.
  ...sendRoute('previewMass', 'Send a mass message to one follower first, as a preview (WeChat allows 100 a day)', 'editor'),
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  sends: true,
} as const satisfies RouteDefinition;
export const contentCancelSend = {
  ...sendRoute('cancelSend', 'Cancel a scheduled send before its time (a conditional change the firing re-checks)'),
  access: { table: 'write', entities: ['ACCOUNT', 'CONTENT', 'ORG', 'SESSION'], schedules: true },
} as const satisfies RouteDefinition;
export const contentListSends = {
  ...sendRoute('listSends', 'One history of publishes and mass sends, newest first: status, counts, article links, who sent it', 'viewer'),
  access: { table: 'write', entities: ['ACCOUNT', 'CONTENT', 'ORG', 'SESSION'] },
} as const satisfies RouteDefinition;

/** Approvals (issue 28): what waits for an admin (the 首页 reads it), and the admin's answer. */
export const contentPendingApprovals = {
  method: 'GET',
  path: '/apis/content/pendingApprovals',
  handler: 'src/content/handlers/pendingApprovals.ts',
  role: 'viewer',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['ACCOUNT', 'CONTENT', 'ORG', 'SESSION'] },
  summary: "等待审批: the organization's publishes and mass sends waiting for an admin's approval, oldest first",
} as const satisfies RouteDefinition;
export const contentApproveSend = {
  ...sendRoute('approveSend', "Approve a send waiting for approval: an immediate one goes out now, a scheduled one at its time (not the sender's own, unless they are the only admin)"),
  access: { ...sendAccess, mail: true },
  sends: true,
} as const satisfies RouteDefinition;
export const contentRejectSend = {
  ...sendRoute('rejectSend', 'Reject a send waiting for approval (with a reason for the sender): nothing goes out, the draft and quotas are given back'),
  access: { table: 'write', entities: ['ACCOUNT', 'CONTENT', 'ORG', 'SESSION'], mail: true },
} as const satisfies RouteDefinition;

export const contentRoutes = {
  'content.addDraft': contentAddDraft,
  'content.updateDraft': contentUpdateDraft,
  'content.getDraft': contentGetDraft,
  'content.listDrafts': contentListDrafts,
  'content.deleteDraft': contentDeleteDraft,
  'content.uploadArticleImage': contentUploadArticleImage,
  'content.publish': contentPublish,
  'content.massSend': contentMassSend,
  'content.previewMass': contentPreviewMass,
  'content.cancelSend': contentCancelSend,
  'content.listSends': contentListSends,
  'content.pendingApprovals': contentPendingApprovals,
  'content.approveSend': contentApproveSend,
  'content.rejectSend': contentRejectSend,
} as const satisfies Record<string, RouteDefinition>;

/** Publishes whose outcome push did not come: asked of WeChat every minute (src/content/poll.ts). */
export const contentScheduled = {
  pollPublishes: {
    handler: 'src/content/handlers/pollPublishes.ts',
    schedule: 'rate(1 minute)',
    // Overlapping runs are harmless: every change they make is conditional on the send still being submitted.
    access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'CONTENT', 'TOKEN'], wechat: true },
    summary: 'Ask freepublish/get for publishes whose PUBLISHJOBFINISH has not come',
  },
} as const satisfies Record<string, ScheduledDefinition>;

/**
 * The function EventBridge Scheduler's one-time schedules invoke when a scheduled send is due
 * (src/content/schedules.ts; CDK: lib/content-schedules.ts; locally local/scheduler.ts).
 */
export const fireSendFunction = {
  handler: 'src/content/handlers/fireSend.ts',
  // Mail: a send still waiting for approval at its time is not sent, and its sender is told (issue 28).
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'CONTENT', 'ORG', 'TOKEN'], wechat: true, mail: true },
  summary: 'Send a scheduled publish or mass send when its time comes (once, whatever fires it)',
} as const;
