import { createHash, createHmac } from 'node:crypto';

/**
 * S3's check of a presigned (SigV4 query) request, for the local stack: s3rver takes any SigV4
 * signature (its authentication middleware: "Signature version 4 calculation is unimplemented"), so
 * locally a presigned upload of another length or type would be stored where S3 refuses it. The
 * gateway's `/staging/*` (local/upload-proxy.ts) runs this before passing the request on, and answers
 * what S3 answers: 403 SignatureDoesNotMatch, or AccessDenied once the URL has expired. Written from
 * AWS's "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)" and checked
 * against its example (test/uploads/s3-client.test.ts), independent of the signer the product uses.
 */
export interface PresignedRequest {
  method: string;
  /** The Host the request reaches S3 with. */
  host: string;
  /** The path and query as sent (percent-encoded). */
  pathAndQuery: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
}

export type PresignedVerdict = { ok: true } | { ok: false; status: 403; code: 'SignatureDoesNotMatch' | 'AccessDenied' | 'AuthorizationQueryParametersError'; message: string };

const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

/** Decodes a query component as S3 does (`+` is a plus sign, not a space, in a SigV4 query). */
const decode = (text: string) => decodeURIComponent(text);

export const checkPresigned = (request: PresignedRequest, secretOf: (accessKeyId: string) => string | undefined, now = new Date()): PresignedVerdict => {
  const refuse = (code: 'SignatureDoesNotMatch' | 'AccessDenied' | 'AuthorizationQueryParametersError', message: string): PresignedVerdict => ({ ok: false, status: 403, code, message });
  const [rawPath = '/', rawQuery = ''] = request.pathAndQuery.split(/\?(.*)/s);
  const params = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      return [decode(name), decode(value)] as const;
    });
  const param = (name: string) => params.find(([n]) => n === name)?.[1];
  const signature = param('X-Amz-Signature');
  const credential = param('X-Amz-Credential');
  const date = param('X-Amz-Date');
  const expires = Number(param('X-Amz-Expires'));
  const signedHeaders = param('X-Amz-SignedHeaders');
  if (param('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !signature || !credential || !date || !signedHeaders || !Number.isInteger(expires)) {
    return refuse('AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  const [accessKeyId = '', ...scopeParts] = credential.split('/');
  const secret = secretOf(accessKeyId);
  const [day, region, service] = scopeParts;
  if (secret === undefined || !day || !region || !service) return refuse('SignatureDoesNotMatch', 'unknown access key or malformed credential scope');
  const signedAt = Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  // S3: X-Amz-Expires from 1 s to 7 days; a date ahead of the clock (past S3's 15 minutes of skew) is not valid yet.
  if (expires < 1 || expires > 604_800) return refuse('AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds');
  if (!Number.isFinite(signedAt) || signedAt > now.getTime() + 15 * 60_000) return refuse('AccessDenied', 'Request is not valid yet');
  if (!(signedAt + expires * 1000 >= now.getTime())) return refuse('AccessDenied', 'Request has expired');

  const canonicalPath = rawPath.split('/').map((segment) => rfc3986(decode(segment))).join('/');
  const canonicalQuery = params
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const names = signedHeaders.split(';');
  const headerValue = (name: string) => (name === 'host' ? request.host : (request.headers[name] ?? '')).trim().replace(/\s+/g, ' ');
  const canonicalRequest = [
    request.method,
    canonicalPath,
    canonicalQuery,
    ...names.map((name) => `${name}:${headerValue(name)}`),
    '',
    signedHeaders,
    param('X-Amz-Content-Sha256') ?? param('x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return expected === signature ? { ok: true } : refuse('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
};
