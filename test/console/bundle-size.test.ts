import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { consoleDist } from '../../console/build';

/**
 * The first screen's JavaScript budget: what index.html loads before anything is shown (its module
 * script and the chunks it preloads), gzipped, at most 150 KB. The suite's global setup built the
 * console (npm start and synth build it the same way).
 */
const budgetBytes = 150 * 1024;

const firstScreenScripts = (html: string): string[] => [
  ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
  ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
];

describe('console bundle', () => {
  it('loads at most 150 KB of gzipped JavaScript on the first screen, and no inline script', () => {
    // Prepare
    const html = readFileSync(join(consoleDist, 'index.html'), 'utf8');

    // Act
    const scripts = firstScreenScripts(html);
    const sizes = scripts.map((src) => ({ src, gzip: gzipSync(readFileSync(join(consoleDist, src))).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`console first screen: ${(total / 1024).toFixed(1)} KB of JS gzipped (${sizes.map((s) => `${s.src} ${(s.gzip / 1024).toFixed(1)} KB`).join(', ')})`);

    // Assess
    expect(scripts.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(budgetBytes);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son\w+=/);
  });

  it('serves fonts from its own files, split by unicode-range so a page loads only the chunks it uses', () => {
    const html = readFileSync(join(consoleDist, 'index.html'), 'utf8');
    const cssFile = html.match(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/)![1]!;
    const css = readFileSync(join(consoleDist, cssFile), 'utf8');
    const faces = css.match(/@font-face\{[^}]*\}/g) ?? [];
    expect(faces.length).toBeGreaterThan(50);
    for (const face of faces) {
      expect(face).toMatch(/unicode-range:/);
      expect(face).toMatch(/url\(\/assets\/[^)]+\.woff2\)/);
      expect(face).not.toMatch(/https?:/);
    }
  });

  it('loads the statistics dashboard and its chart library only on that page: a chunk of its own, at most 120 KB gzipped', () => {
    // Prepare
    const html = readFileSync(join(consoleDist, 'index.html'), 'utf8');
    const firstScreen = new Set(firstScreenScripts(html).map((src) => src.replace(/^\//, '')));
    const dashboard = readdirSync(join(consoleDist, 'assets')).filter((f) => /^stats-dashboard-.*\.js$/.test(f));

    // Act: the chunk and every chunk it imports that the first screen has not loaded already
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file) || firstScreen.has(`assets/${file}`)) return;
      loaded.add(file);
      const code = readFileSync(join(consoleDist, 'assets', file), 'utf8');
      for (const m of code.matchAll(/from\s*"\.\/([^"]+\.js)"/g)) visit(m[1]!);
    };
    dashboard.forEach(visit);
    const gzip = [...loaded].reduce((sum, f) => sum + gzipSync(readFileSync(join(consoleDist, 'assets', f))).length, 0);
    console.log(`statistics dashboard: ${(gzip / 1024).toFixed(1)} KB of JS gzipped (${[...loaded].join(', ')})`);

    // Assess: uPlot (its \`u-over\` layer) is in the page's chunk, not on the first screen
    expect(dashboard).toHaveLength(1);
    expect(gzip).toBeLessThanOrEqual(120 * 1024);
    expect(readFileSync(join(consoleDist, 'assets', dashboard[0]!), 'utf8')).toContain('u-over');
    for (const src of firstScreen) expect(readFileSync(join(consoleDist, src), 'utf8')).not.toContain('u-over');
  });
});
