import type { RouteDefinition } from './routes';

/**
 * How the deployment is cut so that it can grow (docs/deployment-growth.md): which nested stack
 * holds which functions, and which HTTP API serves which paths. Pure data, no CDK: the stack and
 * the growth test (test/cdk/deployment-growth.test.ts) read the same numbers.
 */

/** A route-table entry with its id, as `routeList` has them (the stack takes any such list). */
export type RouteEntry = RouteDefinition & { readonly id: string };

/** What we allow ourselves of any hard limit: the rest is headroom for a release nobody planned. */
export const headroom = 0.6;

/** CloudFormation's per-template limits (AWS CloudFormation quotas). */
export const cloudFormationLimits = {
  resources: 500,
  outputs: 200,
  parameters: 200,
  mappings: 200,
  /** Template body read from S3 (nested templates and `cdk deploy`'s uploaded root), in bytes. */
  templateBytes: 1_000_000,
} as const;

/** API Gateway's per-HTTP-API quotas that grow with routes (neither can be raised). */
export const httpApiQuotas = { routes: 300, integrations: 300 } as const;

/** CloudFront's default per-distribution quota of cache behaviours (one per extra API prefix). */
export const cloudFrontQuotas = { cacheBehaviors: 25 } as const;

/**
 * Functions per nested stack at most. A function costs ~6 resources in its stack (function, log
 * group, Lambda permission, integration, route; a role when its access is new; two alarms per ten):
 * 40 of them stay near 250 of the 300 resources 60% allows, and the growth test measures it.
 */
export const functionsPerStack = 40;

/** Routes (and integrations) per HTTP API at most, one kept for the console origins' catch-all preflight. */
export const routesPerApi = Math.floor(httpApiQuotas.routes * headroom) - 1;

/** 'user.register' → 'user'; scheduled and queue-fed functions are areas of their own. */
export const areaOf = (routeId: string): string => routeId.split('.')[0]!;

/** Construct ids from route ids: 'user.register' → 'UserRegister'. */
export const constructId = (id: string): string =>
  id
    .split(/[.\-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

export interface StackGroup<T> {
  /** The nested stack's construct id: the area ('User'), then 'User2', 'User3'… past {@link functionsPerStack}. */
  name: string;
  entries: T[];
}

/**
 * Entries grouped by area in order of first appearance, an area past {@link functionsPerStack}
 * continued in a second stack. A route added at the end of its area keeps every other function
 * where it was (a function that changes stack is a new function: stateless, but a new log group).
 */
export const stackGroups = <T>(entries: readonly T[], areaOfEntry: (entry: T) => string): StackGroup<T>[] => {
  const byArea = new Map<string, T[]>();
  for (const entry of entries) byArea.set(areaOfEntry(entry), [...(byArea.get(areaOfEntry(entry)) ?? []), entry]);
  return [...byArea].flatMap(([area, list]) => {
    const base = constructId(area);
    const chunks: StackGroup<T>[] = [];
    for (let start = 0; start < list.length; start += functionsPerStack) {
      chunks.push({ name: start === 0 ? base : `${base}${start / functionsPerStack + 1}`, entries: list.slice(start, start + functionsPerStack) });
    }
    return chunks;
  });
};

/**
 * The part of a path an HTTP API is chosen by: `/apis/<segment>` under /apis/, else the first
 * segment (`/wxplatform`). A custom domain maps it (multi-level API mapping) to its API.
 */
export const pathPrefixOf = (path: string): string => {
  const segments = path.split('/').filter(Boolean);
  return segments[0] === 'apis' && segments.length > 2 ? `/apis/${segments[1]}` : `/${segments[0]}`;
};

/** The API Gateway routes a table entry takes: its method, and OPTIONS when it answers public CORS itself. */
export const routeKeyCount = (route: RouteEntry): number => (route.cors === 'public' ? 2 : 1);

export interface ApiShard {
  /** Path prefixes this API serves. */
  prefixes: string[];
  routes: RouteEntry[];
}

/**
 * Path prefixes packed into HTTP APIs in order of first appearance. The first API serves every
 * prefix that fits in its {@link routesPerApi} route keys (today: all of them, and always what lies
 * outside /apis/: WeChat's callbacks and the MP_verify files, registered with WeChat by full URL) at
 * its full path. A prefix that does not fit gets an API of its own, which sees paths with the prefix
 * removed: a custom domain's API mapping removes it (lib/http-apis.ts), so two prefixes on one such
 * API could collide (`/apis/a/list`, `/apis/b/list` would both be `/list`).
 */
export const apiShards = (routes: readonly RouteEntry[]): ApiShard[] => {
  const byPrefix = new Map<string, RouteEntry[]>();
  for (const route of routes) byPrefix.set(pathPrefixOf(route.path), [...(byPrefix.get(pathPrefixOf(route.path)) ?? []), route]);
  const keysOf = (list: RouteEntry[]) => list.reduce((n, r) => n + routeKeyCount(r), 0);
  const ordered = [...byPrefix].sort(([a], [b]) => Number(a.startsWith('/apis/')) - Number(b.startsWith('/apis/')));
  const [main, ...others]: ApiShard[] = [{ prefixes: [], routes: [] }];
  for (const [prefix, list] of ordered) {
    if (keysOf(list) > routesPerApi) throw new Error(`${prefix}: ${keysOf(list)} routes do not fit one HTTP API (${routesPerApi}); split the prefix`);
    if (keysOf(main!.routes) + keysOf(list) <= routesPerApi) {
      main!.prefixes.push(prefix);
      main!.routes.push(...list);
    } else if (!prefix.startsWith('/apis/')) {
      throw new Error(`${prefix} must stay on the first HTTP API (full paths registered with WeChat), which is full`);
    } else others.push({ prefixes: [prefix], routes: [...list] });
  }
  return [main!, ...others];
};

/** The route key path of a route on its API: the full path on the first, the path past its prefix on the others. */
export const apiPathOf = (shard: ApiShard, index: number, path: string): string =>
  index === 0 ? path : path.slice(shard.prefixes[0]!.length) || '/';
