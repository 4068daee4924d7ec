import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SiteFile } from '../lib/docs-site';

/**
 * The docs site on the local gateway: `/openapi.json` and the interactive page at `/docs`. Built
 * on the first request (not at start-up, which stays as fast as before), from the code, so a
 * restart shows a change.
 */
export const docsPages = (): ((req: IncomingMessage, res: ServerResponse, url: URL) => boolean) => {
  let site: Promise<{ files: Map<string, SiteFile>; csp: string }> | undefined;
  // Loaded when first asked for: the document pulls every schema and answer of the product.
  const load = () =>
    (site ??= import('../lib/docs-site').then(async ({ docsCsp, docsSiteFiles }) => ({
      files: new Map((await docsSiteFiles()).map((f) => [f.path, f])),
      csp: docsCsp,
    })));
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = url.pathname === '/docs' || url.pathname === '/docs/' ? '/docs/index.html' : url.pathname;
    if (path !== '/openapi.json' && !path.startsWith('/docs/')) return false;
    load().then(
      ({ files, csp }) => {
        const file = files.get(path);
        if (!file) {
          res.statusCode = 404;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ message: 'Not Found' }));
          return;
        }
        res.setHeader('content-type', file.contentType);
        res.setHeader('content-security-policy', csp);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('cache-control', path.endsWith('.html') || path.endsWith('.json') ? 'no-cache' : 'public, max-age=3600');
        res.end(req.method === 'HEAD' ? undefined : file.body);
      },
      (error: unknown) => {
        console.error('[docs] could not build the docs site:', error);
        res.statusCode = 500;
        res.end();
      },
    );
    return true;
  };
};
