import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiMarkdown } from '../lib/api-markdown';
import { errorTable } from '../lib/contract';
import { routeList } from '../lib/routes';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);

describe('README', () => {
  it('is read in five minutes: at most 250 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('stands on its own: every link points inside the repository, at a file that exists', () => {
    for (const link of links.filter((l) => !l.startsWith('#'))) {
      expect(link, link).not.toMatch(/^(\.\.\/|\/|[a-z]+:)/i);
      expect(existsSync(new URL(`../${link.split('#')[0]}`, import.meta.url)), link).toBe(true);
    }
  });

  it('links to the docs pages: architecture, API reference, operations and deploy, security, performance, local development', () => {
    for (const page of ['docs/architecture.md', 'docs/api.md', 'docs/operations.md', 'docs/security.md', 'docs/performance.md', 'docs/local-development.md']) {
      expect(links, page).toContain(page);
    }
  });

  it('keeps no route list or errcode table of its own: both live in the generated API reference', () => {
    for (const route of routeList) expect(readme, route.handler).not.toContain(route.handler);
    for (const e of errorTable) expect(readme, String(e.errcode)).not.toContain(`| ${e.errcode} | ${e.status} |`);
  });
});

describe('API reference route index', () => {
  it('lists every route of the route table with its handler and whether it needs the session', () => {
    const reference = apiMarkdown();
    const index = reference.slice(reference.indexOf('## Route index'), reference.indexOf('## Error codes'));
    for (const route of routeList) {
      const row = index.split('\n').find((line) => line.startsWith(`| ${route.method} | [\`${route.path}\`]`) && line.includes(`\`${route.handler}\``));
      expect(row, `${route.method} ${route.path}`).toBeDefined();
      expect(row!.includes('| session |'), `${route.method} ${route.path} auth`).toBe(route.auth);
    }
  });

  it('links each route to its section, by the anchor a Markdown renderer gives that heading', () => {
    const reference = apiMarkdown();
    const headings = new Set(
      [...reference.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')),
    );
    const anchors = [...reference.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(anchors.length).toBe(routeList.length);
    for (const anchor of anchors) expect(headings.has(anchor), anchor).toBe(true);
  });
});
