/** The template messages area's routes and its fan-out worker (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition, WorkerDefinition } from '../core/route';

const readAccess = { table: 'write', entities: ['ACCOUNT', 'ORG', 'SESSION', 'TEMPLATE'] } as const;
const wechatAccess = { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TEMPLATE', 'TOKEN'], wechat: true } as const;

const route = <A extends RouteDefinition['access']>(name: string, summary: string, role: 'admin' | 'viewer', access: A) =>
  ({
    method: 'POST',
    path: `/apis/templates/${name}`,
    handler: `src/templates/handlers/${name}.ts`,
    role,
    auth: true,
    body: 'form',
    access,
    summary,
  }) as const;

export const templatesList = {
  ...route('list', "The account's templates (get_all_private_template), each keyword with its type and limit, kept for the sends' checks", 'viewer', wechatAccess),
} as const satisfies RouteDefinition;
export const templatesAdd = {
  ...route('add', 'Add a category template from the library by its number and keyword names, in order (api_add_template)', 'admin', wechatAccess),
} as const satisfies RouteDefinition;
export const templatesDelete = {
  ...route('delete', 'Delete one of the account\'s templates (del_private_template)', 'admin', wechatAccess),
} as const satisfies RouteDefinition;
export const templatesSend = {
  // Admin, as 群发 (content.massSend): a tag's send reaches thousands.
  ...route('send', 'Send a template message to one follower (at once) or to a tag (fanned out by the queue); each value checked by its keyword\'s type first; answers the sendId', 'admin', {
    ...wechatAccess,
    entities: ['ACCOUNT', 'AUDIENCE', 'COMPONENT', 'ORG', 'SESSION', 'TEMPLATE', 'TOKEN'],
    queues: ['templateSend'] as const,
  }),
  sends: true,
} as const satisfies RouteDefinition;
export const templatesListSends = {
  ...route('listSends', 'The history of template sends, newest first: target, status, recipients, sent, delivered, refused and failed counts', 'viewer', readAccess),
} as const satisfies RouteDefinition;

export const templatesRoutes = {
  'templates.list': templatesList,
  'templates.add': templatesAdd,
  'templates.delete': templatesDelete,
  'templates.send': templatesSend,
  'templates.listSends': templatesListSends,
} as const satisfies Record<string, RouteDefinition>;

/**
 * The fan-out worker. One message carries one send forward for a slice, checkpoints, and queues
 * the rest; `maximumConcurrency` caps how many run at once, so bulk sends never take the
 * concurrency the callback needs, and the organization's token bucket shares WeChat calls.
 */
export const templatesWorkers = {
  templateSend: {
    handler: 'src/templates/handlers/sendWorker.ts',
    queueUrlVariable: 'TEMPLATES_SEND_QUEUE_URL',
    maxReceiveCount: 5,
    batchSize: 1,
    timeoutSeconds: 90,
    maximumConcurrency: 5,
    continues: true,
    access: { table: 'write', entities: ['ACCOUNT', 'AUDIENCE', 'COMPONENT', 'TEMPLATE', 'TOKEN'], wechat: true },
    summary: 'Template sends: a slice of pages of recipients from the send\'s checkpoint, each claimed before WeChat is called, then the rest queued',
  },
} as const satisfies Record<string, WorkerDefinition>;
