import { request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * `/staging/*` on the local gateway, as the console's CloudFront distribution has it in AWS
 * (lib/console-site.ts): a presigned upload sent to the console's own origin goes on to the bucket
 * (s3rver) with its path, query string (the signature), Content-Type and Content-Length, and S3's
 * answer comes back as it is. Nothing is checked here: the signature is S3's business.
 */
export const stagingUploads = (s3Endpoint: string, bucket: string) => (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
  if (!url.pathname.startsWith('/staging/') || (req.method !== 'PUT' && req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const target = new URL(`/${bucket}${url.pathname}${url.search}`, s3Endpoint);
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'content-length']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
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
