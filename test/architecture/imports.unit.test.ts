import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout's rules, read from the import statements themselves (type-only imports included: a
 * type import still ties the folders' designs together):
 * - nothing in src/ imports lib/ (lib/ is CDK and the assembled route table; a Lambda bundle that
 *   reached it would carry the whole table);
 * - src/core/ imports nothing above it;
 * - data modules (`src/<area>/data/`, `src/core/data/`) know no HTTP: they throw their own errors
 *   (src/core/data/errors.ts), which the edge maps;
 * - the areas' folder graph has no cycle.
 */
const root = resolve(import.meta.dirname, '../..');

const filesUnder = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(posix.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [posix.join(dir, e.name)] : [],
  );

/** Relative import specifiers of a file (static, dynamic and re-exports), resolved to repository paths. */
const importsOf = (file: string): string[] => {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => relative(root, resolve(root, dirname(file), s)).split('\\').join('/'));
};

const srcFiles = filesUnder('src');
const edges = srcFiles.flatMap((from) => importsOf(from).map((to) => ({ from, to })));

/** src/<top>/…: the folder an import belongs to. */
const folderOf = (path: string): string | undefined => path.match(/^src\/([^/]+)\//)?.[1];

export const cyclesAmong = (graph: Map<string, Set<string>>): string[][] => {
  // Tarjan's strongly connected components: any component of more than one folder is a cycle.
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
};

describe('the layout of src/', () => {
  it('imports nothing from lib/ (CDK and the assembled route table stay out of Lambda code)', () => {
    const offending = edges.filter((e) => e.to.startsWith('lib/')).map((e) => `${e.from} → ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('keeps src/core/ below every area: core imports only core', () => {
    const offending = edges.filter((e) => e.from.startsWith('src/core/') && !e.to.startsWith('src/core/')).map((e) => `${e.from} → ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('keeps the data layer free of HTTP: data modules import neither src/core/http/ nor the API errors', () => {
    const isData = (f: string) => /^src\/(?:[^/]+\/)*data\//.test(f);
    const isHttp = (f: string) => f.startsWith('src/core/http/') || f === 'src/core/errors' || f.startsWith('src/core/errors.');
    const offending = edges.filter((e) => isData(e.from) && isHttp(e.to)).map((e) => `${e.from} → ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('has no cycle among the areas\' folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, to } of edges) {
      const a = folderOf(from);
      const b = folderOf(to);
      if (!a || !b || a === b) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)!.add(b);
    }
    const cycles = cyclesAmong(graph);
    const example = (component: string[]) =>
      edges
        .filter((e) => component.includes(folderOf(e.from) ?? '') && component.includes(folderOf(e.to) ?? '') && folderOf(e.from) !== folderOf(e.to))
        .map((e) => `${e.from} → ${e.to}`);
    expect(cycles.map((c) => ({ folders: c, imports: example(c) }))).toEqual([]);
  });

  it('would see a cycle (the check itself is not blind)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cyclesAmong(graph)).toEqual([['a', 'b', 'c']]);
  });
});

describe('route entries', () => {
  it('declare the role each needs: a member\'s role for every route with a session, public for the rest', async () => {
    const { routeList, roles } = await import('../../lib/routes');
    for (const route of routeList) {
      if (route.auth) expect(roles, `${route.id}: role`).toContain(route.role);
      else expect(route.role, `${route.id}: role`).toBe('public');
    }
  });

  it('order roles from owner down to viewer: each admits those above it and refuses those below', async () => {
    const { roleAllows } = await import('../../lib/routes');
    expect(roleAllows('owner', 'viewer')).toBe(true);
    expect(roleAllows('admin', 'admin')).toBe(true);
    expect(roleAllows('editor', 'operator')).toBe(true);
    expect(roleAllows('operator', 'editor')).toBe(false);
    expect(roleAllows('viewer', 'operator')).toBe(false);
    expect(roleAllows('admin', 'owner')).toBe(false);
  });

  it('live in their area: each handler sits in the folder whose routes.ts declares it', async () => {
    const { routeList } = await import('../../lib/routes');
    for (const route of routeList) {
      const area = route.handler.match(/^src\/([^/]+)\/handlers\//)?.[1];
      expect(area, `${route.id}: ${route.handler}`).toBeDefined();
      const table = readFileSync(join(root, 'src', area!, 'routes.ts'), 'utf8');
      expect(table, `${route.id} in src/${area}/routes.ts`).toContain(`'${route.id}':`);
    }
  });
});
