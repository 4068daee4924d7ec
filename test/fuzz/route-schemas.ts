import type * as z from 'zod';
import { contract, type RouteContract } from '../../lib/contract';
import { routeList, type RouteId } from '../../lib/routes';

/**
 * Each route's request schema from the contract (lib/contract.ts: the schema its handler validates
 * with), and every field name the route reads: the schema's keys, the seed's aliases, the fields
 * checked in a second stage, and the names of its file parts.
 */

/** Every object key a schema reads, through pipes, unions, optionals and defaults. */
export const fieldsOf = (schema: unknown, seen = new Set<unknown>()): string[] => {
  const def = (schema as { _zod?: { def?: Record<string, any> } } | undefined)?._zod?.def;
  if (!def || seen.has(schema)) return [];
  seen.add(schema);
  const nested = [def['in'], def['out'], def['innerType'], def['schema'], ...(def['options'] ?? []), def['left'], def['right']];
  const own = def['type'] === 'object' ? Object.keys(def['shape'] ?? {}) : [];
  return [...new Set([...own, ...nested.flatMap((s) => fieldsOf(s, seen))])];
};

export interface RouteUnderTest {
  id: RouteId;
  route: (typeof routeList)[number];
  schema: z.core.$ZodType;
  fields: string[];
}

export const routesUnderTest = async (): Promise<RouteUnderTest[]> =>
  routeList.map((route) => {
    const entry: RouteContract = contract[route.id];
    const files = (entry.files ?? []).flatMap((f) => [f.name, ...(f.alias ? [f.alias] : [])]);
    const fields = [...fieldsOf(entry.input), ...Object.keys(entry.aliases ?? {}), ...Object.keys(entry.fields ?? {}), ...files];
    return { id: route.id, route, schema: entry.input, fields: [...new Set(fields)] };
  });
