import { readFileSync } from 'node:fs';
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
});
