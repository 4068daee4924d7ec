import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { consoleSecurityHeaders } from '../console/security-headers';

/**
 * Serves the built console (static files only) as CloudFront serves it from S3: `/` is index.html,
 * hashed assets are cached for a year, and every answer carries the console's security headers.
 * Locally, index.html also names the WeChat simulator's follower panel in a meta tag (the console's
 * footer links it); the bundle in S3 has none, so in AWS there is no link.
 */
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface LocalConsoleFacts {
  /** The simulator's follower panel (扮演粉丝), when the local stack runs the built-in simulator. */
  followerPanel?: string | undefined;
}

/** The meta tag the console reads (console/src/local.ts) to know it runs locally beside a simulator. */
export const followerPanelMeta = 'socialinzen-follower-panel';

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export const consoleFiles = (dist: string, facts: LocalConsoleFacts = {}) => (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (url.pathname.startsWith('/apis/') || url.pathname.startsWith('/wxplatform/')) return false;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  if (path === '/') path = '/index.html';
  const file = normalize(join(dist, path));
  if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile() || path.includes('/.')) return false;
  const extension = extname(file);
  for (const [name, value] of Object.entries(consoleSecurityHeaders)) res.setHeader(name, value);
  res.setHeader('content-type', types[extension] ?? 'application/octet-stream');
  res.setHeader('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.statusCode = 200;
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  if (path === '/index.html' && facts.followerPanel) {
    const meta = `<meta name="${followerPanelMeta}" content="${escapeAttribute(facts.followerPanel)}">`;
    res.end(readFileSync(file, 'utf8').replace('</head>', `${meta}</head>`));
    return true;
  }
  createReadStream(file).pipe(res);
  return true;
};
