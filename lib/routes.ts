/**
 * The route table: the single source of truth for every HTTP endpoint, assembled from the areas'
 * own tables (`src/<area>/routes.ts`). The CDK stack creates one Lambda function and one HTTP API
 * route per entry; the local server dispatches through the same entries to the same handler
 * modules; the contract, OpenAPI, docs and the console's client derive from it. Nothing else
 * registers a route, and nothing in src/ imports this file: a handler imports its area's entry.
 */
import { accountsRoutes, accountsScheduled } from '../src/accounts/routes';
import { audienceRoutes, audienceScheduled, audienceWorkers } from '../src/audience/routes';
import { callbackRoutes, workers as callbackWorkers } from '../src/callback/routes';
import { contentRoutes, contentScheduled, fireSendFunction } from '../src/content/routes';
import type { LogSubscriberDefinition, RouteDefinition, ScheduledDefinition } from '../src/core/route';
import { inboxRoutes } from '../src/inbox/routes';
import { materialsRoutes } from '../src/materials/routes';
import { menusRoutes } from '../src/menus/routes';
import { platformRoutes } from '../src/platform/routes';
import { repliesRoutes } from '../src/replies/routes';
import { statsLogSubscribers, statsRoutes, statsScheduled } from '../src/stats/routes';
import { templatesRoutes, templatesWorkers } from '../src/templates/routes';
import { teamRoutes } from '../src/team/routes';
import { usersRoutes } from '../src/users/routes';
import { scheduled as wechatScheduled } from '../src/wechat/routes';

export type * from '../src/core/route';
export { roles, roleAllows } from '../src/core/route';
export { fireSendFunction };

/** Functions fed by a queue, from the areas' own tables. */
export const workers = { ...callbackWorkers, ...audienceWorkers, ...templatesWorkers } as const;

/** Functions fed by the HTTP API's access log, one route's lines each (CloudWatch Logs subscription filters). */
export const logSubscribers: Readonly<Record<keyof typeof statsLogSubscribers, LogSubscriberDefinition>> = { ...statsLogSubscribers };

/** Functions run on a schedule (EventBridge rules), from the areas' own tables. */
export const scheduled: Readonly<Record<keyof typeof wechatScheduled | keyof typeof accountsScheduled | keyof typeof contentScheduled | keyof typeof statsScheduled | keyof typeof audienceScheduled, ScheduledDefinition>> = {
  ...wechatScheduled,
  ...accountsScheduled,
  ...contentScheduled,
  ...statsScheduled,
  ...audienceScheduled,
};

export const routes = {
  ...usersRoutes,
  ...accountsRoutes,
  ...repliesRoutes,
  ...callbackRoutes,
  ...platformRoutes,
  ...materialsRoutes,
  ...menusRoutes,
  ...inboxRoutes,
  ...teamRoutes,
  ...contentRoutes,
  ...statsRoutes,
  ...audienceRoutes,
  ...templatesRoutes,
} as const satisfies Record<string, RouteDefinition & { readonly access: { readonly queues?: readonly WorkerId[] } }>;

export type WorkerId = keyof typeof workers;

export type RouteId = keyof typeof routes;

/** Entries as a list, with their ids, in table order. */
const withIds = (table: typeof routes): ReadonlyArray<RouteDefinition & { readonly id: RouteId }> =>
  (Object.keys(table) as RouteId[]).map((id) => ({ id, ...table[id] }));

// Pure: a bundle that does not use the list leaves it, and the table, out.
export const routeList = /* @__PURE__ */ withIds(routes);
