import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the console when its sources changed since the last build, so `npm start`, `npm test` and
 * `npm run synth` serve or deploy a current console with no extra step. "Changed" = the newest
 * modification time of the console's sources and of the shared modules it imports (route table,
 * request schemas), compared with the stamp the last build wrote.
 */
export const consoleDir = dirname(fileURLToPath(import.meta.url));
export const consoleDist = join(consoleDir, 'dist');
const root = resolve(consoleDir, '..');
const stampFile = join(consoleDist, '.build-stamp');

const inputs = [
  join(consoleDir, 'src'),
  join(consoleDir, 'public'),
  join(consoleDir, 'index.html'),
  join(consoleDir, 'vite.config.ts'),
  join(root, 'lib', 'routes.ts'),
  join(root, 'src'),
  join(root, 'functions'),
  join(root, 'package-lock.json'),
];

const newestMtime = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
};

export const sourcesStamp = (): string => String(Math.max(...inputs.map(newestMtime)));

export const isConsoleFresh = (): boolean =>
  existsSync(join(consoleDist, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === sourcesStamp();

/** Builds the console unless it is fresh; returns the build's duration in ms (0 when skipped). */
export const ensureConsoleBuilt = async (options: { force?: boolean } = {}): Promise<number> => {
  if (!options.force && isConsoleFresh()) return 0;
  const stamp = sourcesStamp();
  const started = performance.now();
  const { build } = await import('vite');
  await build({ configFile: join(consoleDir, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stampFile, stamp);
  return Math.round(performance.now() - started);
};

// `tsx console/build.ts [--force]`
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ms = await ensureConsoleBuilt({ force: process.argv.includes('--force') });
  console.log(ms ? `console built in ${ms} ms → ${consoleDist}` : 'console is up to date');
}
