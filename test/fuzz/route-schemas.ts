import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as z from 'zod';
import { routeList, type RouteId } from '../../lib/routes';

/**
 * Each route's request schema, found the way the handler uses it: the schema named in its
 * `endpoint(routes['id'], Schema, …)` call, imported from wherever the handler takes it.
 * (When lib/contract.ts lands, it answers this directly.)
 */
const root = resolve(import.meta.dirname, '../..');

const schemaOf = async (handlerPath: string): Promise<z.ZodType | undefined> => {
  const file = join(root, handlerPath);
  const source = readFileSync(file, 'utf8');
  const name = source.match(/endpoint\(\s*routes\[['"][\w.]+['"]\],\s*([A-Za-z_$][\w$]*)/)?.[1];
  if (!name) return undefined;
  const from = source.match(new RegExp(`import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*'([^']+)'`))?.[1];
  const module = (await import(pathToFileURL(from ? resolve(dirname(file), from) + (from.endsWith('.ts') ? '' : '.ts') : file).href)) as Record<string, unknown>;
  return module[name] as z.ZodType | undefined;
};

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
  schema: z.ZodType | undefined;
  fields: string[];
}

export const routesUnderTest = async (): Promise<RouteUnderTest[]> =>
  Promise.all(
    routeList.map(async (route) => {
      const schema = await schemaOf(route.handler);
      return { id: route.id, route, schema, fields: schema ? fieldsOf(schema) : [] };
    }),
  );
