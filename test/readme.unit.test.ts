import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorTable } from '../lib/contract';
import { routeList } from '../lib/routes';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every route of the route table with its handler', () => {
    for (const route of routeList) {
      expect(readme, `${route.method} ${route.path}`).toContain(
        `| ${route.method} | \`${route.path}\` | \`${route.handler}\` |`,
      );
    }
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('stands on its own: every link points inside the repository, at a file that exists', () => {
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    for (const link of links.filter((l) => !l.startsWith('#'))) {
      expect(link, link).not.toMatch(/^(\.\.\/|\/|[a-z]+:)/i);
      expect(existsSync(new URL(`../${link.split('#')[0]}`, import.meta.url)), link).toBe(true);
    }
  });

  it('lists every errcode of the contract with its HTTP status', () => {
    for (const e of errorTable) expect(readme, String(e.errcode)).toContain(`| ${e.errcode} | ${e.status} |`);
  });
});
