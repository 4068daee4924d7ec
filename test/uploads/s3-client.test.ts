import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { deleteObject, getObjectBytes, objectSize, presignGet, presignPut, putObject } from '../../src/core/uploads/s3';
import { encodeKey, objectLocation, parseS3Error } from '../../src/core/uploads/s3-request';
import { checkPresigned } from '../../local/s3-presigned-check';
import { armStorageFault, disarmStorageFaults, objectsUnder } from '../support/faults';

/**
 * The bucket client (src/core/uploads/s3.ts: the SDK's SigV4 signer over fetch, not @aws-sdk/client-s3)
 * against s3rver, which checks every signature as S3 does; faults through the storage proxy.
 */
const prefix = () => `s3-client/${randomUUID()}/`;

afterEach(async () => {
  process.env['AWS_ENDPOINT_URL_S3'] = inject('s3Endpoint');
  delete process.env['UPLOAD_BASE_URL'];
  await disarmStorageFaults();
});

describe('object keys in URLs', () => {
  it('percent-encodes every byte outside the unreserved set once, keeping the slashes', () => {
    expect(encodeKey("staging/u1/a b+c/图片 (1)!'*.png")).toBe('staging/u1/a%20b%2Bc/%E5%9B%BE%E7%89%87%20%281%29%21%27%2A.png');
    expect(encodeKey('logos/u-1/x_y.z~.png')).toBe('logos/u-1/x_y.z~.png');
  });

  it('puts the bucket in the path with an endpoint override and in the regional host in AWS', () => {
    const local = objectLocation('bkt', 'staging/a b', { endpoint: 'http://127.0.0.1:4569', region: 'us-east-1' });
    const aws = objectLocation('bkt', 'staging/a b', { region: 'eu-west-1' });
    const china = objectLocation('bkt', 'k', { region: 'cn-north-1' });

    expect(local).toMatchObject({ host: '127.0.0.1:4569', port: 4569, path: '/bkt/staging/a%20b', origin: 'http://127.0.0.1:4569' });
    expect(aws).toMatchObject({ host: 'bkt.s3.eu-west-1.amazonaws.com', port: undefined, path: '/staging/a%20b', origin: 'https://bkt.s3.eu-west-1.amazonaws.com' });
    expect(china.host).toBe('bkt.s3.cn-north-1.amazonaws.com.cn');
  });

  it('stores, reads, sizes and deletes keys with spaces, plus signs and non-ASCII under exactly that name', async () => {
    // Prepare
    const base = prefix();
    const keys = [`${base}a b+c.png`, `${base}a+b c.png`, `${base}图片 (1)!'*.png`];
    const bodies = keys.map((_, i) => Buffer.from(`body ${i} ${'x'.repeat(i * 100)}`));

    // Act
    for (const [i, key] of keys.entries()) await putObject(key, bodies[i]!, 'image/png');
    const listed = (await objectsUnder(base)).map((o) => o.Key).sort();
    const read = await Promise.all(keys.map((key) => getObjectBytes(key)));
    const sizes = await Promise.all(keys.map((key) => objectSize(key)));
    await deleteObject(keys[0]!);

    // Assess
    expect(listed).toEqual([...keys].sort());
    expect(read.map((b) => b?.toString())).toEqual(bodies.map((b) => b.toString()));
    expect(sizes).toEqual(bodies.map((b) => b.length));
    expect(await getObjectBytes(keys[0]!)).toBeUndefined();
    expect(await getObjectBytes(keys[1]!)).toEqual(bodies[1]);
  });

  it('answers undefined for an object that is not there (GET and HEAD), and deleting one is no error', async () => {
    const key = `${prefix()}missing.png`;

    expect(await getObjectBytes(key)).toBeUndefined();
    expect(await objectSize(key)).toBeUndefined();
    await expect(deleteObject(key)).resolves.toBeUndefined();
  });
});

describe('presigned URLs', () => {
  const put = (url: string, body: Buffer, contentType: string) => fetch(url, { method: 'PUT', body, headers: { 'content-type': contentType } });

  it('takes an upload of exactly the signed length and type, for 15 minutes', async () => {
    // Prepare
    const key = `${prefix()}clip 1+.mp4`;
    const body = Buffer.alloc(2048, 7);
    const url = await presignPut(key, body.length, 'video/mp4');

    // Act
    const res = await put(url, body, 'video/mp4');

    // Assess
    expect(res.status, await res.text()).toBe(200);
    expect(await getObjectBytes(key)).toEqual(body);
    const params = new URL(url).searchParams;
    expect(params.get('X-Amz-Expires')).toBe('900');
    expect(params.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
  });

  it('is refused for another length or another content type, and nothing is stored', async () => {
    // Prepare: through the gateway's /staging/*, which checks SigV4 as S3 does (s3rver does not).
    process.env['UPLOAD_BASE_URL'] = inject('baseUrl');
    process.env['AWS_ENDPOINT_URL_S3'] = inject('s3Faults');
    const key = `staging/s3-client-${randomUUID()}/clip.mp4`;
    const url = await presignPut(key, 2048, 'video/mp4');

    // Act
    const longer = await put(url, Buffer.alloc(2049, 7), 'video/mp4');
    const shorter = await put(url, Buffer.alloc(2047, 7), 'video/mp4');
    const otherType = await put(url, Buffer.alloc(2048, 7), 'image/png');
    const exact = await put(url, Buffer.alloc(2048, 7), 'video/mp4');

    // Assess
    expect([longer.status, shorter.status, otherType.status]).toEqual([403, 403, 403]);
    expect(await otherType.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(exact.status).toBe(200);
    expect(await objectSize(key)).toBe(2048);
    await deleteObject(key);
  });

  it('moves the upload onto UPLOAD_BASE_URL, whose /staging/* goes on to the bucket with the signature intact', async () => {
    // Prepare: signed for the S3 endpoint the gateway's handlers use (the storage proxy), where /staging/* forwards.
    process.env['UPLOAD_BASE_URL'] = inject('baseUrl');
    process.env['AWS_ENDPOINT_URL_S3'] = inject('s3Faults');
    const key = `staging/s3-client-${randomUUID()}/名 a+b.mp4`;
    const body = Buffer.alloc(512, 1);

    // Act
    const url = await presignPut(key, body.length, 'video/mp4');
    const res = await put(url, body, 'video/mp4');

    // Assess
    expect(url.startsWith(`${inject('baseUrl').replace(/\/+$/, '')}/staging/`)).toBe(true);
    expect(res.status, await res.text()).toBe(200);
    expect(await getObjectBytes(key)).toEqual(body);
    await deleteObject(key);
  });

  it('reads an object through a presigned GET whose signature S3\'s own algorithm accepts, and not once altered', async () => {
    // Prepare
    const key = `${prefix()}logo (2)+.png`;
    await putObject(key, Buffer.from('logo bytes'), 'image/png');

    // Act
    const url = new URL(await presignGet(key));
    const res = await fetch(url);
    const check = (pathAndQuery: string) => checkPresigned({ method: 'GET', host: url.host, pathAndQuery, headers: {} }, (id) => (id === 'S3RVER' ? 'S3RVER' : undefined));
    const tampered = `${url.pathname}${url.search}`.replace('X-Amz-Expires=3600', 'X-Amz-Expires=3601');

    // Assess
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('logo bytes');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(check(`${url.pathname}${url.search}`)).toEqual({ ok: true });
    expect(check(tampered)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it("checks presigned URLs with AWS's published example (the local stand-in for S3's check)", () => {
    const example =
      '/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
    const request = { method: 'GET', host: 'examplebucket.s3.amazonaws.com', pathAndQuery: example, headers: {} };
    const secret = () => 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

    expect(checkPresigned(request, secret, new Date('2013-05-24T12:00:00Z'))).toEqual({ ok: true });
    expect(checkPresigned({ ...request, pathAndQuery: example.replace('test.txt', 'test2.txt') }, secret, new Date('2013-05-24T12:00:00Z'))).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(checkPresigned(request, secret, new Date('2013-05-25T00:00:01Z'))).toMatchObject({ code: 'AccessDenied' });
  });

  it('carries a session token (as Lambda has) in the signed query, and S3 takes it', async () => {
    // Prepare: a fresh module graph whose credential chain sees the token, as a Lambda container's does.
    process.env['AWS_SESSION_TOKEN'] = 'session-token/with+chars=';
    vi.resetModules();
    const fresh = await import('../../src/core/uploads/s3');
    const key = `${prefix()}token.png`;

    // Act
    const url = await fresh.presignPut(key, 3, 'image/png');
    await fresh.putObject(`${key}.direct`, Buffer.from('abc'), 'image/png');
    const res = await put(url, Buffer.from('abc'), 'image/png');
    delete process.env['AWS_SESSION_TOKEN'];

    // Assess
    expect(new URL(url).searchParams.get('X-Amz-Security-Token')).toBe('session-token/with+chars=');
    expect(res.status).toBe(200);
    expect(await getObjectBytes(`${key}.direct`)).toEqual(Buffer.from('abc'));
  });
});

describe('S3 failing', () => {
  it('retries SlowDown and a cut connection, and succeeds when S3 recovers within 3 attempts', async () => {
    // Prepare
    process.env['AWS_ENDPOINT_URL_S3'] = inject('s3Faults');
    const base = prefix();
    await armStorageFault('s3Faults', { match: `${base}slow`, operation: 'PUT', kind: 'throttle', times: 2 });
    await armStorageFault('s3Faults', { match: `${base}cut`, operation: 'PUT', kind: 'reset', times: 2 });

    // Act
    await putObject(`${base}slow.png`, Buffer.from('slow'), 'image/png');
    await putObject(`${base}cut.png`, Buffer.from('cut'), 'image/png');

    // Assess
    expect(await getObjectBytes(`${base}slow.png`)).toEqual(Buffer.from('slow'));
    expect(await getObjectBytes(`${base}cut.png`)).toEqual(Buffer.from('cut'));
  });

  it('gives up after 3 attempts with a throttling SlowDown or a connection error the error mapper answers 50300 for', async () => {
    // Prepare
    process.env['AWS_ENDPOINT_URL_S3'] = inject('s3Faults');
    const base = prefix();
    await armStorageFault('s3Faults', { match: `${base}slow`, operation: 'PUT', kind: 'throttle', times: 3 });
    await armStorageFault('s3Faults', { match: `${base}cut`, operation: 'PUT', kind: 'reset', times: 3 });
    await armStorageFault('s3Faults', { match: `${base}more`, operation: 'PUT', kind: 'throttle', times: 4 });
    const { toErrorResponse } = await import('../../src/core/http/error-mapper');

    // Act
    const slow = await putObject(`${base}slow.png`, Buffer.from('x'), 'image/png').catch((e: unknown) => e);
    const cut = await putObject(`${base}cut.png`, Buffer.from('x'), 'image/png').catch((e: unknown) => e);
    const fourth = await putObject(`${base}more.png`, Buffer.from('x'), 'image/png').catch((e: unknown) => e);
    const fourthAttempt = await putObject(`${base}more.png`, Buffer.from('x'), 'image/png');

    // Assess
    expect(slow).toMatchObject({ name: 'SlowDown', status: 503, $retryable: { throttling: true } });
    expect(toErrorResponse(slow, undefined, 'r1')).toMatchObject({ statusCode: 503 });
    expect(JSON.parse(toErrorResponse(cut, undefined, 'r2').body as string)).toMatchObject({ errcode: 50300 });
    expect(fourth).toMatchObject({ name: 'SlowDown' });
    expect(fourthAttempt).toBeUndefined();
    expect(await objectsUnder(base)).toEqual([expect.objectContaining({ Key: `${base}more.png` })]);
  });

  it('reads S3 error documents and names bodiless answers by status', () => {
    expect(parseS3Error(404, '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>')).toEqual({
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
    });
    expect(parseS3Error(404, '').code).toBe('NotFound');
    expect(parseS3Error(503, '').code).toBe('SlowDown');
  });
});
