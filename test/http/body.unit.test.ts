import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/core/http/body';
import { readMultipart } from '../../src/core/http/multipart';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../src/core/errors';
import { anEvent, multipart } from './event';

const boundary = 'test-boundary-123';
const multipartEvent = (body: Buffer) =>
  anEvent({
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: body.toString('base64'),
    isBase64Encoded: true,
  });

describe('body parsing', () => {
  it('reads a form-urlencoded body, including a JSON string inside a field', async () => {
    const event = anEvent({
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'type=text&reply=%7B%22content%22%3A%22%E4%BD%A0%E5%A5%BD%22%7D',
    });

    const { fields } = await parseBody(event, 'form');

    expect(fields).toEqual({ type: 'text', reply: '{"content":"你好"}' });
  });

  it('reads multipart fields and files byte for byte', async () => {
    const file = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const event = multipartEvent(
      multipart(boundary, [
        { name: 'type', value: 'image' },
        { name: 'file', value: file, filename: 'a.png', type: 'image/png' },
      ]),
    );

    const { fields, files } = await parseBody(event, 'multipart', undefined, readMultipart);

    expect(fields).toEqual({ type: 'image' });
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ field: 'file', filename: 'a.png', contentType: 'image/png' });
    expect(files[0]!.data.equals(file)).toBe(true);
  });

  it('refuses a file over the limit with a payload error naming the field', async () => {
    const event = multipartEvent(multipart(boundary, [{ name: 'file', value: Buffer.alloc(2049), filename: 'big.bin' }]));

    const result = parseBody(event, 'multipart', { maxBodyBytes: 1024, maxFileBytes: 2048 }, readMultipart);

    await expect(result).rejects.toThrow(PayloadTooLargeError);
    await expect(result).rejects.toThrow(/^file:/);
  });

  it('accepts multipart text fields on a form route but refuses files there', async () => {
    const fieldsOnly = multipartEvent(multipart(boundary, [{ name: 'mediaId', value: 'abc' }]));
    const withFile = multipartEvent(multipart(boundary, [{ name: 'file', value: 'x', filename: 'x.txt' }]));

    expect((await parseBody(fieldsOnly, 'form')).fields).toEqual({ mediaId: 'abc' });
    await expect(parseBody(withFile, 'form')).rejects.toThrow(UnsupportedMediaTypeError);
  });

  it('refuses a truncated multipart body on a form route as malformed, and one without a boundary as unsupported', async () => {
    const body = multipart(boundary, [{ name: 'mediaId', value: 'abc' }]);
    const truncated = multipartEvent(body.subarray(0, body.length - 12));
    const noBoundary = anEvent({ headers: { 'content-type': 'multipart/form-data' }, body: body.toString('base64'), isBase64Encoded: true });

    await expect(parseBody(truncated, 'form')).rejects.toThrow(ValidationError);
    await expect(parseBody(noBoundary, 'form')).rejects.toThrow(UnsupportedMediaTypeError);
  });

  it('refuses more than 50 multipart text fields on a form route', async () => {
    const event = multipartEvent(multipart(boundary, Array.from({ length: 51 }, (_, i) => ({ name: `f${i}`, value: 'x' }))));

    await expect(parseBody(event, 'form')).rejects.toThrow(PayloadTooLargeError);
  });

  it('reads JSON on an upload route (no file), and refuses multipart without a boundary', async () => {
    const json = anEvent({ headers: { 'content-type': 'application/json' }, body: '{"key":"staging/u/1/a.mp4"}' });
    const noBoundary = anEvent({ headers: { 'content-type': 'multipart/form-data' }, body: 'x' });

    expect(await parseBody(json, 'multipart', undefined, readMultipart)).toEqual({ fields: { key: 'staging/u/1/a.mp4' }, files: [] });
    await expect(parseBody(noBoundary, 'multipart', undefined, readMultipart)).rejects.toThrow(UnsupportedMediaTypeError);
  });

  it('refuses a truncated multipart body as malformed', async () => {
    const body = multipart(boundary, [{ name: 'type', value: 'image' }]);
    const event = multipartEvent(body.subarray(0, body.length - 12));

    await expect(parseBody(event, 'multipart', undefined, readMultipart)).rejects.toThrow(ValidationError);
  });
});
