import type { IncomingMessage, ServerResponse } from 'node:http';
import { docsCsp, docsSiteFiles, type SiteFile } from '../lib/docs-site';

/**
 * The docs site on the local gateway: `/openapi.json` and the interactive page at `/docs`, built
 * once when the gateway starts (the document comes from the code, so a restart shows a change).
 */
export const docsPages = async (): Promise<(req: IncomingMessage, res: ServerResponse, url: URL) => boolean> => {
  const files = new Map<string, SiteFile>((await docsSiteFiles()).map((f) => [f.path, f]));
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = url.pathname === '/docs' || url.pathname === '/docs/' ? '/docs/index.html' : url.pathname;
    const file = files.get(path);
    if (!file) return false;
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-security-policy', docsCsp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', path.endsWith('.html') || path.endsWith('.json') ? 'no-cache' : 'public, max-age=3600');
    res.end(req.method === 'HEAD' ? undefined : file.body);
    return true;
  };
};
