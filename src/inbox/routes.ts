/** The inbox area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition } from '../core/route';

export const inboxList = {
  method: 'POST',
  path: '/apis/inbox/listMessages',
  handler: 'src/inbox/handlers/listMessages.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'read', entities: ['ACCOUNT', 'MESSAGE', 'ORG', 'SESSION'] },
  summary: 'Messages followers sent, newest first (or unhandled first), filtered, a page at a time',
} as const satisfies RouteDefinition;

export const inboxConversation = {
  method: 'POST',
  path: '/apis/inbox/getConversation',
  handler: 'src/inbox/handlers/getConversation.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'read', entities: ['ACCOUNT', 'MESSAGE', 'ORG', 'REPLYQUOTA', 'SESSION'] },
  summary: 'One follower\'s thread with the replies sent, and what WeChat\'s customer-service quota still allows',
} as const satisfies RouteDefinition;

export const inboxMarkHandled = {
  method: 'POST',
  path: '/apis/inbox/markHandled',
  handler: 'src/inbox/handlers/markHandled.ts',
  role: 'operator',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'ORG', 'SESSION'] },
  summary: 'Mark messages handled (or not), all or none',
} as const satisfies RouteDefinition;

export const inboxReply = {
  method: 'POST',
  path: '/apis/inbox/reply',
  handler: 'src/inbox/handlers/reply.ts',
  role: 'operator',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'MESSAGE', 'ORG', 'REPLYQUOTA', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'Reply to a follower with a customer-service message, within WeChat\'s quota (5 in 48 hours after a message, 3 in a minute after a follow, scan or menu tap)',
  sends: true,
} as const satisfies RouteDefinition;

export const inboxMedia = {
  method: 'GET',
  path: '/apis/inbox/media',
  handler: 'src/inbox/handlers/media.ts',
  role: 'viewer',
  auth: true,
  body: 'none',
  access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'MESSAGE', 'ORG', 'SESSION', 'TOKEN'], wechat: true },
  summary: 'The image, voice or video of a message, fetched from WeChat for its owner',
} as const satisfies RouteDefinition;

export const inboxRoutes = {
  'inbox.list': inboxList,
  'inbox.conversation': inboxConversation,
  'inbox.markHandled': inboxMarkHandled,
  'inbox.reply': inboxReply,
  'inbox.media': inboxMedia,
} as const satisfies Record<string, RouteDefinition>;
