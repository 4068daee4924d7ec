import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The console: static files only (index.html, hashed JS/CSS, fonts). Preact's JSX is compiled by
 * Vite's own transformer (oxc), so no Babel preset is needed and the build stays fast.
 */

/** Noto Sans SC ships woff2 and woff for each unicode-range chunk; every browser we serve reads woff2. */
const woff2Only = (): Plugin => ({
  name: 'socialinzen-woff2-only',
  enforce: 'pre',
  transform(code, id) {
    if (!id.includes('@fontsource/noto-sans-sc') || !id.endsWith('.css')) return null;
    return code.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, '');
  },
});

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  plugins: [woff2Only()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and images stay files (CSP: no data: URLs needed for them).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
