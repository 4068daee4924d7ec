import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiMarkdown } from '../lib/api-markdown';
import { writeDocsSite } from '../lib/docs-site';

/**
 * `npm run docs`: rewrites docs/api.md from the code. `npm run docs -- --site <dir> [--server <api url>]`
 * also writes the docs site (openapi.json + the /docs page and its assets) into <dir>, to publish
 * beside the web console.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

writeFileSync(join(root, 'docs', 'api.md'), apiMarkdown());
console.log('wrote docs/api.md');
const site = option('--site');
if (site) {
  const server = option('--server');
  const written = await writeDocsSite(resolve(site), server ? { serverUrl: server } : {});
  console.log(`wrote the docs site into ${resolve(site)}: ${written.join(', ')}`);
}
