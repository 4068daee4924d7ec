import { Readable } from 'node:stream';
import Busboy from '@fastify/busboy';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { BodyKind } from '../../lib/routes';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from './errors';

/**
 * Request bodies (SPEC §3): every POST takes JSON or form-urlencoded alike; uploads are multipart.
 * Hand-written rather than middy's parsers because those answer 415 for malformed JSON, where our
 * contract says 40000 naming the body, and they cannot share one size limit.
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

export const defaultBodyLimits: BodyLimits = { maxBodyBytes: 256 * 1024, maxFileBytes: 10 * 1024 * 1024 };

const empty: ParsedBody = { fields: {}, files: [] };

export const rawBody = (event: APIGatewayProxyEventV2): Buffer =>
  event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');

const mediaType = (event: APIGatewayProxyEventV2): string =>
  (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

export const parseBody = async (
  event: APIGatewayProxyEventV2,
  kind: BodyKind,
  limits: BodyLimits = defaultBodyLimits,
): Promise<ParsedBody> => {
  if (kind === 'none' || kind === 'raw') return empty;
  const body = rawBody(event);
  if (body.length === 0) return empty;
  const type = mediaType(event);

  // One limit for every body that carries no file: a form route gets no bigger bodies as multipart.
  const acceptFiles = kind === 'multipart';
  if (body.length > limits.maxBodyBytes && !(acceptFiles && type === 'multipart/form-data')) {
    throw new PayloadTooLargeError(`body is larger than ${limits.maxBodyBytes} bytes`);
  }
  // Upload routes take JSON and forms too (e.g. a file staged earlier, named by its key).
  if (type === 'multipart/form-data') return parseMultipart(event, body, limits, acceptFiles);
  if (type === 'application/json' || type.endsWith('+json')) return { fields: parseJsonObject(body), files: [] };
  if (type === 'application/x-www-form-urlencoded') return { fields: parseForm(body), files: [] };
  throw new UnsupportedMediaTypeError(
    `content-type '${type || 'none'}' is not supported: use application/json or application/x-www-form-urlencoded`,
  );
};

const parseJsonObject = (body: Buffer): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ValidationError('body: malformed JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('body: expected a JSON object');
  }
  return value as Record<string, unknown>;
};

/** Repeated keys keep the last value, like most form handlers; nested fields come as JSON strings. */
const parseForm = (body: Buffer): Record<string, unknown> =>
  Object.fromEntries(new URLSearchParams(body.toString('utf8')));

/**
 * Multipart with busboy. Every stream gets an error listener (a truncated body makes the file
 * stream emit one; unheard, it ends the process), the promise settles once, and the fields
 * together stay under the body limit (only files may be bigger).
 */
const parseMultipart = (
  event: APIGatewayProxyEventV2,
  body: Buffer,
  limits: BodyLimits,
  acceptFiles: boolean,
): Promise<ParsedBody> =>
  new Promise((resolve, reject) => {
    const fields = new Map<string, unknown>();
    const files: UploadedFile[] = [];
    let fieldBytes = 0;
    let failure: Error | undefined;
    let settled = false;
    const settle = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve({ fields: Object.fromEntries(fields), files });
    };
    const malformed = () => new ValidationError('body: malformed multipart/form-data');
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: { 'content-type': event.headers['content-type'] ?? '' },
        limits: { fileSize: limits.maxFileBytes, fieldSize: limits.maxBodyBytes, files: 5, fields: 50, parts: 60 },
      });
    } catch {
      reject(new UnsupportedMediaTypeError('multipart/form-data without a valid boundary'));
      return;
    }
    parser.on('field', (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
      fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (valueTruncated || fieldBytes > limits.maxBodyBytes) {
        failure ??= new PayloadTooLargeError(`multipart fields are larger than ${limits.maxBodyBytes} bytes`);
        return;
      }
      fields.set(name, value);
    });
    parser.on('file', (field: string, stream: NodeJS.ReadableStream & { truncated?: boolean }, filename: string, _enc: string, mimetype: string) => {
      stream.on('error', () => (failure ??= malformed()));
      if (!acceptFiles) {
        failure ??= new UnsupportedMediaTypeError(`field '${field}': this endpoint takes no files`);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failure ??= new PayloadTooLargeError(`${field}: file is larger than ${limits.maxFileBytes} bytes`);
      });
      stream.on('end', () => {
        if (!stream.truncated) files.push({ field, filename, contentType: mimetype, data: Buffer.concat(chunks) });
      });
    });
    parser.on('partsLimit', () => (failure ??= new PayloadTooLargeError('multipart body has too many parts')));
    parser.on('filesLimit', () => (failure ??= new PayloadTooLargeError('multipart body has too many files')));
    parser.on('fieldsLimit', () => (failure ??= new PayloadTooLargeError('multipart body has too many fields')));
    parser.on('error', () => settle(failure ?? malformed()));
    parser.on('finish', () => settle(failure));
    const source = Readable.from([body]);
    source.on('error', () => settle(malformed()));
    source.pipe(parser);
  });
