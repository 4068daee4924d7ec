import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { BodyKind } from '../route';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';

/**
 * Request bodies (SPEC §3): every POST takes JSON or form-urlencoded alike; uploads are multipart.
 * Hand-written rather than middy's parsers because those answer 415 for malformed JSON, where our
 * contract says 40000 naming the body, and they cannot share one size limit.
 *
 * Multipart has two readers. Upload routes (`body: 'multipart'`) pass busboy's (./multipart.ts) to
 * their endpoint: it streams files against their limit and parses a 10 MB file about 10× faster
 * than the platform. Every other route reads the rare multipart body of text fields with the
 * platform's own parser (`Response.formData()`, undici inside Node), so busboy's 27 KB is bundled
 * only into the functions that take files (README, "Cold start").
 */

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface ParsedBody {
  fields: Record<string, unknown>;
  files: UploadedFile[];
}

export interface BodyLimits {
  /** Largest JSON or form body accepted. */
  maxBodyBytes: number;
  /** Largest single file in a multipart body. */
  maxFileBytes: number;
}

/** Reads a multipart/form-data body; `acceptFiles` is false on routes that take no files. */
export type MultipartReader = (
  event: APIGatewayProxyEventV2,
  body: Buffer,
  limits: BodyLimits,
  acceptFiles: boolean,
) => Promise<ParsedBody>;

/** Parts a multipart body may have (files, text fields, both together). */
export const multipartLimits = { files: 5, fields: 50, parts: 60 } as const;

export const defaultBodyLimits: BodyLimits = { maxBodyBytes: 256 * 1024, maxFileBytes: 10 * 1024 * 1024 };

const empty: ParsedBody = { fields: {}, files: [] };

export const rawBody = (event: APIGatewayProxyEventV2): Buffer =>
  event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');

const mediaType = (event: APIGatewayProxyEventV2): string =>
  (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * Reads the body as the route's kind says. `multipart` reads multipart/form-data: an upload route
 * passes busboy's reader; the default, the platform's, takes text fields only.
 */
export const parseBody = async (
  event: APIGatewayProxyEventV2,
  kind: BodyKind,
  limits: BodyLimits = defaultBodyLimits,
  multipart: MultipartReader = readTextFields,
): Promise<ParsedBody> => {
  if (kind === 'none' || kind === 'raw') return empty;
  const body = rawBody(event);
  if (body.length === 0) return empty;
  const type = mediaType(event);

  // One limit for every body that carries no file: a form route gets no bigger bodies as multipart.
  const acceptFiles = kind === 'multipart';
  if (body.length > limits.maxBodyBytes && !(acceptFiles && type === 'multipart/form-data')) {
    throw new PayloadTooLargeError(`body is larger than ${limits.maxBodyBytes} bytes`, { rule: 'body.tooLarge', limit: limits.maxBodyBytes });
  }
  // Upload routes take JSON and forms too (e.g. a file staged earlier, named by its key).
  if (type === 'multipart/form-data') return (acceptFiles ? multipart : readTextFields)(event, body, limits, acceptFiles);
  if (type === 'application/json' || type.endsWith('+json')) return { fields: parseJsonObject(body), files: [] };
  if (type === 'application/x-www-form-urlencoded') return { fields: parseForm(body), files: [] };
  throw new UnsupportedMediaTypeError(
    `content-type '${type || 'none'}' is not supported: use application/json or application/x-www-form-urlencoded`,
    { rule: 'body.contentType', given: type || 'none' },
  );
};

const parseJsonObject = (body: Buffer): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ValidationError('body: malformed JSON', { problem: { field: 'body', rule: 'body.json' } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('body: expected a JSON object', { problem: { field: 'body', rule: 'body.object' } });
  }
  return value as Record<string, unknown>;
};

/** Repeated keys keep the last value, like most form handlers; nested fields come as JSON strings. */
const parseForm = (body: Buffer): Record<string, unknown> =>
  Object.fromEntries(new URLSearchParams(body.toString('utf8')));

/** busboy's test of a multipart content type: a boundary parameter, quoted or not. */
export const hasBoundary = (contentType: string): boolean => /;\s*boundary\s*=\s*(?:"[^"]+"|[^\s;"]+)/i.test(contentType);

/**
 * Text fields of a multipart body with the platform's parser (no bundled code). Bodies here are
 * within the body limit already (the caller checked), so parsing in memory costs little. Files are
 * refused as busboy's reader refuses them on a route that takes none; the first failure in the
 * body's order is the one reported.
 */
const readTextFields: MultipartReader = async (event, body, limits) => {
  const contentType = event.headers['content-type'] ?? '';
  if (!hasBoundary(contentType)) throw new UnsupportedMediaTypeError('multipart/form-data without a valid boundary', { rule: 'body.multipart' });
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new ValidationError('body: malformed multipart/form-data', { problem: { field: 'body', rule: 'body.multipart' } });
  }
  const fields = new Map<string, unknown>();
  let count = 0;
  let fieldBytes = 0;
  for (const [name, value] of form) {
    if (typeof value !== 'string') throw new UnsupportedMediaTypeError(`field '${name}': this endpoint takes no files`, { field: name, rule: 'body.noFiles' });
    if (++count > multipartLimits.fields) throw new PayloadTooLargeError('multipart body has too many fields', { rule: 'body.tooManyParts' });
    fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    if (fieldBytes > limits.maxBodyBytes) throw new PayloadTooLargeError(`multipart fields are larger than ${limits.maxBodyBytes} bytes`, { rule: 'body.tooLarge', limit: limits.maxBodyBytes });
    fields.set(name, value);
  }
  return { fields: Object.fromEntries(fields), files: [] };
};
