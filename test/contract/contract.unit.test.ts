import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contract } from '../../lib/contract';
import { routeList, routes } from '../../lib/routes';

const root = resolve(import.meta.dirname, '../..');

describe('contract', () => {
  it('has exactly one entry per route of the route table', () => {
    // Prepare / Act
    const ids = Object.keys(contract).sort();

    // Assess
    expect(ids).toEqual(routeList.map((r) => r.id).sort());
  });

  it.each(routeList.map((r) => [r.id, r.handler] as const))('%s: the handler validates with the contract input schema', async (id, handler) => {
    // Prepare / Act: load the handler module the gateway and CDK load.
    const module = (await import(pathToFileURL(join(root, handler)).href)) as { handler: { input: unknown; route: unknown } };

    // Assess: the very schema object, and its own route entry.
    expect(module.handler.input).toBe(contract[id].input);
    expect(module.handler.route).toBe(routes[id]);
  });

  it('lists the errcodes of each route with the ones its route entry implies', () => {
    for (const route of routeList) {
      const codes = contract[route.id].errcodes as readonly number[];
      expect(codes, route.id).toContain(40000);
      expect(codes, route.id).toContain(50000);
      expect(codes.includes(40100), route.id).toBe(route.auth);
      expect(codes.includes(50200), route.id).toBe(Boolean(route.access.wechat));
    }
  });
});
