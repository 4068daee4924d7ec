import { describe, expect, it } from 'vitest';
import { apiPathOf, apiShards, functionsPerStack, pathPrefixOf, routesPerApi, stackGroups, type RouteEntry } from '../../lib/deployment-layout';
import { routeList } from '../../lib/routes';

/** lib/deployment-layout.ts on its own (no synthesis): how routes are cut into nested stacks and HTTP APIs. */
const route = (id: string, path: string, extra: Partial<RouteEntry> = {}): RouteEntry =>
  ({ ...routeList[0]!, id, path, method: 'POST', ...extra }) as RouteEntry;
const many = (area: string, n: number) => Array.from({ length: n }, (_, i) => route(`${area}.op${i}`, `/apis/${area}/op${i}`));

describe('nested stacks by area', () => {
  it('puts each area in a stack of its own, in table order, and continues an area past the limit in a second stack', () => {
    const groups = stackGroups([...many('publish', functionsPerStack + 3), ...many('team', 2)], (r) => r.id.split('.')[0]!);

    expect(groups.map((g) => [g.name, g.entries.length])).toEqual([
      ['Publish', functionsPerStack],
      ['Publish2', 3],
      ['Team', 2],
    ]);
    // Appending to an area moves none of its earlier functions.
    expect(groups[0]!.entries.map((r) => r.id)).toEqual(many('publish', functionsPerStack).map((r) => r.id));
  });
});

describe('HTTP APIs by path prefix', () => {
  it('serves today’s routes from one API at their full paths', () => {
    const shards = apiShards(routeList);

    expect(shards).toHaveLength(1);
    expect(shards[0]!.routes).toHaveLength(routeList.length);
    expect(routeList.every((r) => apiPathOf(shards[0]!, 0, r.path) === r.path)).toBe(true);
  });

  it('gives a prefix that does not fit the first API an API of its own, which sees paths past the prefix', () => {
    const big = many('publish', routesPerApi - 10);
    const shards = apiShards([...big, route('wx.callback', '/wxplatform/callback/{appid}'), ...many('team', 20), ...many('stats', 5)]);

    // /wxplatform stays first whatever the order; stats (5) still fits the first API, team (20) does not.
    expect(shards.map((s) => s.prefixes)).toEqual([['/wxplatform', '/apis/publish', '/apis/stats'], ['/apis/team']]);
    expect(apiPathOf(shards[1]!, 1, '/apis/team/op3')).toBe('/op3');
    expect(pathPrefixOf('/apis/team/op3')).toBe('/apis/team');
    expect(pathPrefixOf('/wxplatform/mpverify/{file}')).toBe('/wxplatform');
  });

  it('counts a route that answers its own preflight twice, and refuses a prefix bigger than one API', () => {
    const publicRoutes = Array.from({ length: Math.floor(routesPerApi / 2) + 1 }, (_, i) => route(`a.p${i}`, `/apis/a/p${i}`, { cors: 'public' }));

    expect(() => apiShards(publicRoutes)).toThrow(/do not fit one HTTP API/);
    expect(() => apiShards(many('huge', routesPerApi + 1))).toThrow(/split the prefix/);
  });
});
