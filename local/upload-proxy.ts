import { request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkPresigned } from './s3-presigned-check';

/** s3rver's fixed key pair (local/stack.ts gives the handlers the same). */
const s3rverSecrets: Record<string, string> = { S3RVER: 'S3RVER' };

/**
 * `/staging/*` on the local gateway, as the console's CloudFront distribution has it in AWS
 * (lib/console-site.ts): a presigned upload sent to the console's own origin goes on to the bucket
 * (s3rver) with its path, query string (the signature), Content-Type and Content-Length, and S3's
 * answer comes back as it is. The signature is S3's business, but s3rver does not check SigV4, so
 * a presigned request is checked here as S3 would (local/s3-presigned-check.ts): an upload of
 * another length or type than signed, or after the URL expired, gets S3's 403.
 */
export const stagingUploads = (s3Endpoint: string, bucket: string) => (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
  if (!url.pathname.startsWith('/staging/') || (req.method !== 'PUT' && req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const target = new URL(`/${bucket}${url.pathname}${url.search}`, s3Endpoint);
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'content-length']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (url.searchParams.has('X-Amz-Signature')) {
    const verdict = checkPresigned({ method: req.method, host: target.host, pathAndQuery: `${target.pathname}${target.search}`, headers }, (id) => s3rverSecrets[id]);
    if (!verdict.ok) {
      const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${verdict.code}</Code><Message>${verdict.message}</Message></Error>`;
      res.writeHead(verdict.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), connection: 'close' });
      res.end(body);
      req.resume();
      return true;
    }
  }
  const upstream = request(target, { method: req.method, headers }, (answer) => {
    res.statusCode = answer.statusCode ?? 502;
    for (const name of ['content-type', 'content-length', 'etag']) {
      const value = answer.headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.statusCode = 502;
    res.end();
  });
  req.pipe(upstream);
  return true;
};
