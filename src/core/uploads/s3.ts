import { config } from '../config';
import { requestOf, signedFetch, signerFor, awsRegion, signingDateFor } from '../aws/signed-fetch';
import { encodeQuery, objectLocation, parseS3Error, S3Error, type ObjectLocation } from './s3-request';

/**
 * The bucket: staged uploads (`staging/<userId>/…`, expired by a lifecycle rule) and user logos
 * (`logos/<userId>/…`), over S3's REST API with the SDK's own SigV4 signer and Node's fetch
 * (src/core/aws/signed-fetch.ts: the document client's credentials and region, the SDK's retries).
 *
 * Not `@aws-sdk/client-s3`: creating that client (with the presigner) at load cost 1.35–1.71× the
 * whole floor handler's load (README, "Cold start"); the signer is already in every bundle (the
 * DynamoDB client signs with it).
 */
const signer = signerFor('s3', {
  // The path is already encoded once, as S3 (unlike other services) signs it.
  uriEscapePath: false,
  applyChecksum: true,
});

const locate = async (key: string): Promise<ObjectLocation> =>
  objectLocation(config.bucketName, key, { endpoint: process.env['AWS_ENDPOINT_URL_S3'], region: await awsRegion() });

/**
 * One signed request with the SDK's standard retries (src/core/aws/signed-fetch.ts: its strategy,
 * clock-skew correction, a timeout, redirects not followed). A non-success that is not retried, or
 * still failing, is thrown as an S3Error named by S3's code (NoSuchKey, SlowDown,
 * AccessDenied…).
 */
const send = async (method: string, key: string, options: { body?: Buffer; contentType?: string; query?: Record<string, string> } = {}): Promise<Response> =>
  signedFetch({
    signer,
    target: await locate(key),
    method,
    ...(options.query ? { query: options.query } : {}),
    headers: options.contentType ? { 'content-type': options.contentType } : {},
    ...(options.body ? { body: options.body } : {}),
    label: 'S3',
    // Files are at most WeChat's 10 MB (video 10 MB, images less), inside the VPC's gateway endpoint.
    timeoutMs: 15_000,
    failure: async (response) => {
      const { code, message } = parseS3Error(response.status, method === 'HEAD' ? '' : await response.text());
      return new S3Error(response.status, code, message);
    },
  });

const absent = (error: unknown) => error instanceof S3Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');

export const putObject = async (key: string, body: Buffer, contentType: string): Promise<void> => {
  await (await send('PUT', key, { body, contentType })).arrayBuffer();
};

export const getObjectBytes = async (key: string): Promise<Buffer | undefined> => {
  try {
    return Buffer.from(await (await send('GET', key)).arrayBuffer());
  } catch (error) {
    if (absent(error)) return undefined;
    throw error;
  }
};

export const objectSize = async (key: string): Promise<number | undefined> => {
  try {
    const length = (await send('HEAD', key)).headers.get('content-length');
    return length === null ? undefined : Number(length);
  } catch (error) {
    if (absent(error)) return undefined;
    throw error;
  }
};

export const deleteObject = async (key: string): Promise<void> => {
  await (await send('DELETE', key)).arrayBuffer();
};

const xmlText = (value: string): string =>
  value.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);

/** The keys under `prefix` (ListObjectsV2, every page): what a user's deletion removes. */
export const listKeys = async (prefix: string): Promise<string[]> => {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const query: Record<string, string> = { 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) };
    const xml = await (await send('GET', '', { query })).text();
    for (const [, key] of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(xmlText(key!));
    token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? xmlText(xml.match(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/)?.[1] ?? '') || undefined : undefined;
  } while (token);
  return keys;
};

const presign = async (key: string, method: 'GET' | 'PUT', headers: Record<string, string>, expiresIn: number): Promise<string> => {
  const location = await locate(key);
  // The body is the browser's, not known here: signed as UNSIGNED-PAYLOAD, as S3's presigner does.
  const signed = await signer.presign(requestOf(location, method, { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), {
    expiresIn,
    // The bucket's clock, as learnt from its answers: a URL dated by a drifted clock would be refused.
    signingDate: signingDateFor('S3'),
    // Signed, so S3 refuses a body of another length or type (the signer leaves content-type out by default).
    signableHeaders: new Set(Object.keys(headers)),
  });
  return `${location.origin}${location.path}?${encodeQuery(signed.query ?? {})}`;
};

/**
 * A PUT URL bound to one key, one exact length and one content type (S3 refuses any other).
 * With UPLOAD_BASE_URL set (the console's CloudFront distribution in AWS, the local gateway with
 * `npm start`), the URL is on that origin: its `/staging/*` behaviour forwards the request to the
 * bucket unchanged (query string, Content-Type, Host = the bucket's host the signature names), so a
 * browser uploads to the console's own origin, under its `connect-src 'self'`, with no CORS.
 */
export const presignPut = async (key: string, size: number, contentType: string, expiresIn = 900) => {
  const signed = await presign(key, 'PUT', { 'content-length': String(size), 'content-type': contentType }, expiresIn);
  return onUploadOrigin(signed, config.bucketName, process.env['UPLOAD_BASE_URL']);
};

/** The presigned URL moved onto `base` (path and query kept; a path-style URL loses its bucket segment). */
export const onUploadOrigin = (signed: string, bucket: string, base: string | undefined): string => {
  if (!base) return signed;
  const url = new URL(signed);
  const bucketSegment = `/${bucket}/`;
  const path = url.pathname.startsWith(bucketSegment) && !url.hostname.startsWith(`${bucket}.`) ? url.pathname.slice(bucketSegment.length - 1) : url.pathname;
  return `${base.replace(/\/+$/, '')}${path}${url.search}`;
};

export const presignGet = (key: string, expiresIn = 3600) => presign(key, 'GET', {}, expiresIn);

export const stagingPrefix = (userId: string) => `staging/${userId}/`;
