import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
});
