import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exclusiveFiles, isolatedFiles, scanningFiles, slowFiles } from '../projects';

/**
 * The stack's test files share their worker's modules from one file to the next (vitest.config.ts,
 * `isolate: false`): a product module imported once keeps the endpoints and switches it read then.
 * A file that changes `process.env` for the product must get modules of its own (`isolatedFiles`),
 * or it would point the next file's clients at a fault proxy, or be pointed at the stack itself.
 */
const root = resolve(import.meta.dirname, '../..');

const testFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(posix.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [posix.join(dir, e.name)] : [],
  );

/** An assignment to, or deletion of, a variable of `process.env`. */
export const setsProcessEnv = (text: string): boolean =>
  /process\.env(?:\[[^\]]+\]|\.\w+)\s*(?:=(?!=)|\?\?=|\|\|=)|delete\s+process\.env|Object\.assign\(\s*process\.env|vi\.stubEnv/.test(text);

describe('test isolation', () => {
  it('gives every stack file that sets process.env modules of its own', () => {
    const shared = testFiles('test').filter((f) => !f.endsWith('.unit.test.ts') && !isolatedFiles.includes(f) && !exclusiveFiles.some((g) => g === f || (g.endsWith('/**/*.test.ts') && f.startsWith(g.slice(0, -'**/*.test.ts'.length)))));
    const setting = shared.filter((f) => setsProcessEnv(readFileSync(join(root, f), 'utf8')));
    expect(setting, 'add these to isolatedFiles in test/projects.ts').toEqual([]);
  });

  it('clears all the simulator\'s faults only in exclusive files (it would clear the faults of every file running beside; one account\'s may be cleared anywhere)', () => {
    const shared = testFiles('test').filter((f) => !f.endsWith('.unit.test.ts') && !exclusiveFiles.some((g) => g === f || (g.endsWith('/**/*.test.ts') && f.startsWith(g.slice(0, -'**/*.test.ts'.length)))));
    expect(shared.filter((f) => /\bsim\.clearFaults\(\)/.test(readFileSync(join(root, f), 'utf8'))), 'scope the fault to an appid and let it be used up, or add the file to exclusiveFiles').toEqual([]);
  });

  it('lists only files that exist and set process.env (a stale entry would hide nothing, but cost a module graph)', () => {
    for (const f of isolatedFiles) expect(setsProcessEnv(readFileSync(join(root, f), 'utf8')), f).toBe(true);
  });

  it('orders only files that exist first (a renamed slow file would start wherever its size puts it)', () => {
    expect([...slowFiles, ...scanningFiles].filter((f) => !existsSync(join(root, f)))).toEqual([]);
  });

  it('starts every file that scans the whole table first, while the table is small', () => {
    const scanning = testFiles('test').filter((f) => /\bscanAll\(/.test(readFileSync(join(root, f), 'utf8')));
    expect(scanning.filter((f) => !scanningFiles.includes(f))).toEqual([]);
  });

  it('sees each way of setting a variable, and not a comparison', () => {
    expect(setsProcessEnv("process.env['TABLE_NAME'] = copy;")).toBe(true);
    expect(setsProcessEnv('process.env.UPLOAD_BASE_URL = x')).toBe(true);
    expect(setsProcessEnv("delete process.env['AWS_SESSION_TOKEN'];")).toBe(true);
    expect(setsProcessEnv('Object.assign(process.env, { A: 1 })')).toBe(true);
    expect(setsProcessEnv("process.env['X'] ??= '1'")).toBe(true);
    expect(setsProcessEnv("if (process.env['X'] === '1') {}")).toBe(false);
    expect(setsProcessEnv("const seed = Number(process.env['FUZZ_SEED'] ?? 1);")).toBe(false);
  });
});
