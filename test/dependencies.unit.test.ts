import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `dependencies` are the packages a Lambda bundle can contain: what the code under src/ (and every file it
 * imports, wherever it lives) imports at run time. esbuild bundles
 * whatever is imported whatever the list says, so the list is what `npm audit --omit=dev` and a
 * reader take for "what runs in production"; everything else (CDK, the console's browser code, the
 * local stack, bench, tests) is a devDependency, which `npm ci` installs too (docs/hand-written.md).
 */
const root = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

const sourcesUnder = (dir: string): string[] =>
  !existsSync(dir)
    ? []
    : readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return sourcesUnder(path);
        return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
      });

/** Specifiers a file loads at run time: `import type` and `export type` are erased (verbatimModuleSyntax keeps every other import). */
const runtimeSpecifiers = (source: string): string[] => [
  ...[...source.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g)].map((m) => m[1]!),
  ...[...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
];

const resolveRelative = (from: string, specifier: string): string => {
  const base = resolve(dirname(from), specifier);
  const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile());
  if (!found) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
};

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Packages reachable at run time from the Lambda code, with one importing file each. */
const lambdaPackages = (): Map<string, string> => {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = sourcesUnder(join(root, 'src'));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of runtimeSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) queue.push(resolveRelative(file, specifier));
      else if (!isBuiltin(specifier)) packages.set(packageOf(specifier), file.slice(root.length + 1));
    }
  }
  return packages;
};

describe('package.json dependencies', () => {
  it('are exactly the packages the Lambda code imports at run time', () => {
    // Prepare / Act
    const imported = lambdaPackages();

    // Assess: an imported package missing from the list, or a listed one nothing imports (a
    // leftover, or one that belongs in devDependencies), shows with the file that imports it.
    expect(Object.fromEntries([...imported].sort(([a], [b]) => a.localeCompare(b)))).toEqual(
      Object.fromEntries(Object.keys(manifest.dependencies).sort().map((name) => [name, imported.get(name) ?? 'imported by no Lambda code'])),
    );
  });
});
