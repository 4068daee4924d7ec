import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, describe, expect, it } from 'vitest';
import { apiMarkdown } from '../../lib/api-markdown';
import { docsSiteFiles, writeDocsSite } from '../../lib/docs-site';
import { openApiDocument } from '../../lib/openapi';

const base = () => inject('baseUrl');

describe('API docs', () => {
  it('docs/api.md is the reference generated from the code (run `npm run docs` after changing a route or schema)', () => {
    // Prepare
    const committed = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

    // Act / Assess
    expect(committed).toBe(apiMarkdown());
  });

  it('serves the OpenAPI document at /openapi.json', async () => {
    // Act
    const res = await fetch(`${base()}/openapi.json`);

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('serves the docs page at /docs with its renderer from our own origin and no inline script', async () => {
    // Act
    const res = await fetch(`${base()}/docs`);
    const html = await res.text();

    // Assess: a strict CSP, every script an external same-origin file, every asset served.
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/docs\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son\w+=/i);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.every((a) => a.startsWith('/'))).toBe(true);
    for (const asset of assets) {
      const got = await fetch(`${base()}${asset}`);
      expect(got.status, asset).toBe(200);
      await got.arrayBuffer();
    }
    const init = await (await fetch(`${base()}/docs/docs.js`)).text();
    expect(init).toContain('"/openapi.json"');
  });

  it('writes the docs site into a folder, laid out by URL path, for publishing with the console', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'socialinzen-docs-'));
    try {
      // Act
      const written = await writeDocsSite(dir, { serverUrl: 'https://api.example.com' });

      // Assess
      expect(written).toEqual(expect.arrayContaining(['/openapi.json', '/docs/index.html', '/docs/docs.js', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']));
      const doc = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8'));
      expect(doc.servers).toEqual([{ url: 'https://api.example.com' }]);
      const files = await docsSiteFiles();
      for (const file of files.filter((f) => f.path.startsWith('/docs/'))) {
        expect(readFileSync(join(dir, file.path)).equals(Buffer.from(file.body)), file.path).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
