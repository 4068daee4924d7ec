import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleFiles, followerPanelMeta, type LocalConsoleFacts } from '../../local/console-files';

/**
 * The console learns it runs locally (and where the simulator's follower panel is) from a meta tag
 * the local server adds to index.html; the console's footer links the panel only then. Served
 * without a simulator (as from S3 in AWS), index.html carries no such tag: no link.
 */
let server: Server | undefined;
let dist: string | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  if (dist) rmSync(dist, { recursive: true, force: true });
});

const serve = async (facts?: LocalConsoleFacts): Promise<string> => {
  dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>控制台</title></head><body></body></html>');
  const files = consoleFiles(dist, facts);
  server = createServer((req, res) => {
    if (!files(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
};

describe('the console index served locally', () => {
  it('names the follower panel when the local stack runs the simulator', async () => {
    const html = await (await fetch(await serve({ followerPanel: 'http://127.0.0.1:4100/follower-panel' }))).text();
    expect(html).toContain(`<meta name="${followerPanelMeta}" content="http://127.0.0.1:4100/follower-panel"></head>`);
  });

  it('names no panel without a simulator', async () => {
    const html = await (await fetch(await serve())).text();
    expect(html).not.toContain(followerPanelMeta);
    expect(html).toContain('<title>控制台</title>');
  });
});
