import { Readable } from 'node:stream';
import Busboy from '@fastify/busboy';
import { multipartLimits, type MultipartReader, type UploadedFile } from './body';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';

/**
 * The upload routes' multipart reader (busboy), passed to `endpoint` by their handlers only, so the
 * other functions do not bundle it (they read multipart text fields with the platform's parser,
 * ./body.ts). Every stream gets an error listener (a truncated body makes the file
 * stream emit one; unheard, it ends the process), the promise settles once, and the fields
 * together stay under the body limit (only files may be bigger).
 */
export const readMultipart: MultipartReader = (event, body, limits, acceptFiles) =>
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
    const malformed = () => new ValidationError('body: malformed multipart/form-data', { problem: { field: 'body', rule: 'body.multipart' } });
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: { 'content-type': event.headers['content-type'] ?? '' },
        limits: { fileSize: limits.maxFileBytes, fieldSize: limits.maxBodyBytes, ...multipartLimits },
      });
    } catch {
      reject(new UnsupportedMediaTypeError('multipart/form-data without a valid boundary', { rule: 'body.multipart' }));
      return;
    }
    parser.on('field', (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
      fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (valueTruncated || fieldBytes > limits.maxBodyBytes) {
        failure ??= new PayloadTooLargeError(`multipart fields are larger than ${limits.maxBodyBytes} bytes`, { rule: 'body.tooLarge', limit: limits.maxBodyBytes });
        return;
      }
      fields.set(name, value);
    });
    parser.on('file', (field: string, stream: NodeJS.ReadableStream & { truncated?: boolean }, filename: string, _enc: string, mimetype: string) => {
      stream.on('error', () => (failure ??= malformed()));
      if (!acceptFiles) {
        failure ??= new UnsupportedMediaTypeError(`field '${field}': this endpoint takes no files`, { field, rule: 'body.noFiles' });
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        // The parser stopped reading at the limit: how large the file was is not known, only that it passed it.
        failure ??= new PayloadTooLargeError(`${field}: file is larger than ${limits.maxFileBytes} bytes`, { field, rule: 'file.tooLarge', limit: limits.maxFileBytes });
      });
      stream.on('end', () => {
        if (!stream.truncated) files.push({ field, filename, contentType: mimetype, data: Buffer.concat(chunks) });
      });
    });
    parser.on('partsLimit', () => (failure ??= new PayloadTooLargeError('multipart body has too many parts', { rule: 'body.tooManyParts' })));
    parser.on('filesLimit', () => (failure ??= new PayloadTooLargeError('multipart body has too many files', { rule: 'body.tooManyParts' })));
    parser.on('fieldsLimit', () => (failure ??= new PayloadTooLargeError('multipart body has too many fields', { rule: 'body.tooManyParts' })));
    parser.on('error', () => settle(failure ?? malformed()));
    parser.on('finish', () => settle(failure));
    const source = Readable.from([body]);
    source.on('error', () => settle(malformed()));
    source.pipe(parser);
  });
