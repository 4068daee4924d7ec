import { request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkPresigned } from './s3-presigned-check';

/** s3rver's fixed key pair (local/stack.ts gives the handlers the same). */
const s3rverSecrets: Record<string, string> = { S3RVER: 'S3RVER' };

/**
 * What every answer of `/staging/*` carries, here and in AWS (lib/console-site.ts's response
 * headers policy): a staged object is the user's bytes on the console's own origin, so a browser
 * must never render it (an HTML page planted there would run with the console's cookies and
 * storage). Downloaded, never sniffed, and sandboxed should it be rendered anyway.
 */
export const stagingResponseHeaders = {
  'content-disposition': 'attachment',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "sandbox; default-src 'none'",
} as const;

/** S3's largest single PUT (PutObject): 5 GB. */
export const maxSinglePutBytes = 5 * 1024 ** 3;

/**
 * The object key as S3 would store it, or why it is refused here. S3 itself takes any key, but
 * s3rver stores a key as a file path: a decoded `..` segment, a backslash or a control character
 * would reach outside its folder or confuse it. A `%` left after decoding (a doubly-encoded key)
 * is refused too: no key this product makes has one.
 */
export const stagingKeyProblem = (pathname: string): string | undefined => {
  let key: string;
  try {
    key = decodeURIComponent(pathname.slice(1));
  } catch {
    return 'the key is not valid percent-encoded UTF-8';
  }
  if (!key.startsWith('staging/')) return 'the key is not under staging/';
  if (key.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) return 'the key has an empty, . or .. segment';
  if (/[\\%\u0000-\u001f\u007f]/.test(key)) return 'the key has a backslash, a percent sign or a control character';
  return undefined;
};

const answerError = (req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string) => {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { ...stagingResponseHeaders, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
  req.resume();
  return true;
};

/**
 * `/staging/*` on the local gateway, as the console's CloudFront distribution has it in AWS
 * (lib/console-site.ts): a presigned upload sent to the console's own origin goes on to the bucket
 * (s3rver) with its path, query string (the signature), Content-Type and Content-Length, and S3's
 * answer comes back with the headers above. s3rver checks no SigV4 and no limit, so this checks as
 * S3 would (local/s3-presigned-check.ts) before anything reaches it: no presigned query → 403
 * AccessDenied (the bucket is private); a signature over another key, length, type or method, or
 * an expired URL → 403; a PUT without Content-Length → 411, above 5 GB → 400 EntityTooLarge; a
 * key that decodes to a traversal → 400. Other methods (POST, DELETE…) → 403, as CloudFront's
 * allowed methods leave them out.
 */
export const stagingUploads = (s3Endpoint: string, bucket: string) => (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
  if (!url.pathname.startsWith('/staging/')) return false;
  if (req.method !== 'PUT' && req.method !== 'GET' && req.method !== 'HEAD') return answerError(req, res, 403, 'AccessDenied', 'Method not allowed on /staging/*');
  const keyProblem = stagingKeyProblem(url.pathname);
  if (keyProblem) return answerError(req, res, 400, 'InvalidArgument', keyProblem);
  if (!url.searchParams.has('X-Amz-Signature')) return answerError(req, res, 403, 'AccessDenied', 'Access Denied');
  const target = new URL(`/${bucket}${url.pathname}${url.search}`, s3Endpoint);
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'content-length']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (req.method === 'PUT') {
    // A chunked body has no length to check against the signed one: S3 wants the length up front.
    if (headers['content-length'] === undefined || req.headers['transfer-encoding'] !== undefined) {
      return answerError(req, res, 411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
    }
    const length = Number(headers['content-length']);
    if (!Number.isSafeInteger(length) || length < 0) return answerError(req, res, 400, 'InvalidArgument', 'Content-Length is not a number of bytes');
    if (length > maxSinglePutBytes) return answerError(req, res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
  }
  const verdict = checkPresigned({ method: req.method, host: target.host, pathAndQuery: `${target.pathname}${target.search}`, headers }, (id) => s3rverSecrets[id]);
  if (!verdict.ok) return answerError(req, res, verdict.status, verdict.code, verdict.message);
  const upstream = request(target, { method: req.method, headers }, (answer) => {
    res.statusCode = answer.statusCode ?? 502;
    for (const name of ['content-type', 'content-length', 'etag']) {
      const value = answer.headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    for (const [name, value] of Object.entries(stagingResponseHeaders)) res.setHeader(name, value);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.statusCode = 502;
    res.end();
  });
  req.pipe(upstream);
  return true;
};
