import { describe, expect, inject, it } from 'vitest';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { armWechatHttpFault } from '../support/faults';
import { call } from '../support/http';
import { multipartBody, sampleFile } from '../support/media';
import { sim } from '../support/wechat-sim';

/**
 * materials.image over HTTP: the console's thumbnails. The bytes come from WeChat's
 * material/get_material (the simulator), relayed with the Authorization header only.
 */
const uploadImage = async (owner: UserWithAccount, data: Buffer, type: 'image' | 'thumb' | 'voice' = 'image', filename = 'photo.png') => {
  const { body, contentType } = multipartBody([{ name: 'type', value: type }, { name: 'file', value: data, filename }]);
  const res = await call('/apis/materials/uploadMaterial', { token: owner.user.token, raw: body, contentType });
  expect(res.body.errcode, res.text).toBe(0);
  return res.body.mediaId as string;
};

const image = (owner: UserWithAccount, mediaId: string, token = owner.user.token, appid = owner.account.appid) =>
  fetch(new URL(`/apis/materials/getMaterialImage?${new URLSearchParams({ appid, mediaId })}`, inject('baseUrl')), {
    headers: { authorization: `Bearer ${token}` },
  });

const errorOf = async (res: Response) => ({ status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { errcode: number; msg: string; field?: string; wxerrcode?: number } });

describe('material images through the platform', () => {
  it('answers the exact uploaded bytes of a png and a jpeg under their own types, cached privately and immutably', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const png = sampleFile.png(40_000);
    const jpeg = sampleFile.jpeg(30_000);
    const pngId = await uploadImage(owner, png);
    const jpegId = await uploadImage(owner, jpeg, 'image', 'photo.jpg');

    // Act
    const [first, second] = await Promise.all([image(owner, pngId), image(owner, jpegId)]);

    // Assess
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await first.arrayBuffer()).equals(png)).toBe(true);
    expect(second.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await second.arrayBuffer()).equals(jpeg)).toBe(true);
    for (const res of [first, second]) {
      expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d{6,}, immutable$/);
      expect(res.headers.get('vary')).toMatch(/\bAuthorization\b/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('fetches from WeChat with get_material, a component-authorized account too', async () => {
    const owner = await userWithComponentAccount();
    const thumb = sampleFile.jpeg(20_000);
    const id = await uploadImage(owner, thumb, 'thumb', 'cover.jpg');
    const before = (await sim.calls(owner.account.appid))['cgi-bin/material/get_material'] ?? 0;

    const res = await image(owner, id);

    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(thumb)).toBe(true);
    expect((await sim.calls(owner.account.appid))['cgi-bin/material/get_material']).toBe(before + 1);
  });

  it('answers 40400 for a media_id WeChat does not hold, and for one removed since', async () => {
    const owner = await userWithDirectAccount();
    const id = await uploadImage(owner, sampleFile.png());
    await call('/apis/materials/removeMaterial', { token: owner.user.token, form: { mediaId: id } });

    const unknown = await errorOf(await image(owner, 'NoSuchMediaId_123'));
    const removed = await errorOf(await image(owner, id));

    expect(unknown).toMatchObject({ status: 404, type: expect.stringMatching(/^application\/json/), body: { errcode: 40400, wxerrcode: 40007 } });
    expect(unknown.body.field).toBe('mediaId');
    expect(removed).toMatchObject({ status: 404, body: { errcode: 40400 } });
  });

  it('refuses a news, a video or a voice material with 41500: they are not images', async () => {
    const owner = await userWithDirectAccount();
    const news = (await sim.seedMaterial(owner.account.appid, 'news')).media_id;
    const voice = await uploadImage(owner, sampleFile.mp3(), 'voice', 'hello.mp3');
    const { body, contentType } = multipartBody([{ name: 'title', value: 'Clip' }, { name: 'file', value: sampleFile.mp4(), filename: 'clip.mp4' }]);
    const video = (await call('/apis/materials/uploadVideoMaterial', { token: owner.user.token, raw: body, contentType })).body.mediaId as string;

    const answers = await Promise.all([news, video, voice].map(async (id) => errorOf(await image(owner, id))));

    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 415, body: { errcode: 41500 } });
      expect(answer.body.field).toBe('mediaId');
    }
  });

  it("refuses another user's account (40300) and a request without the session (40100), without calling WeChat", async () => {
    const owner = await userWithDirectAccount();
    const other = await userWithDirectAccount();
    const id = await uploadImage(owner, sampleFile.png());
    const before = (await sim.calls(owner.account.appid))['cgi-bin/material/get_material'] ?? 0;

    const foreign = await errorOf(await image(other, id, other.user.token, owner.account.appid));
    const anonymous = await errorOf(await fetch(new URL(`/apis/materials/getMaterialImage?appid=${owner.account.appid}&mediaId=${id}`, inject('baseUrl'))));

    expect(foreign).toMatchObject({ status: 403, body: { errcode: 40300 } });
    expect(anonymous).toMatchObject({ status: 401, body: { errcode: 40100 } });
    expect((await sim.calls(owner.account.appid))['cgi-bin/material/get_material'] ?? 0).toBe(before);
  });

  it('answers 41300 for an image over the 4 MB the platform relays (WeChat takes up to 10 MB)', async () => {
    const owner = await userWithDirectAccount();
    const big = (await sim.seedMaterial(owner.account.appid, 'image', 5 * 1024 * 1024)).media_id;
    const fits = (await sim.seedMaterial(owner.account.appid, 'image', 3 * 1024 * 1024)).media_id;

    const tooLarge = await errorOf(await image(owner, big));
    const relayed = await image(owner, fits);

    expect(tooLarge, tooLarge.body.msg).toMatchObject({ status: 413, body: { errcode: 41300 } });
    expect(tooLarge.body.field).toBe('mediaId');
    expect(relayed.status).toBe(200);
    expect((await relayed.arrayBuffer()).byteLength).toBe(3 * 1024 * 1024);
  });

  it('answers 40000 naming mediaId for a missing or malformed id', async () => {
    const owner = await userWithDirectAccount();

    const missing = await errorOf(await fetch(new URL(`/apis/materials/getMaterialImage?appid=${owner.account.appid}`, inject('baseUrl')), { headers: { authorization: `Bearer ${owner.user.token}` } }));
    const malformed = await errorOf(await image(owner, '../../etc/passwd'));

    expect(missing).toMatchObject({ status: 400, body: { errcode: 40000, field: 'mediaId' } });
    expect(malformed).toMatchObject({ status: 400, body: { errcode: 40000, field: 'mediaId' } });
  });

  it('answers 50200 as JSON when WeChat answers a 503 page, and the retry relays the image', async () => {
    const owner = await userWithDirectAccount();
    const png = sampleFile.png(8_000);
    const id = await uploadImage(owner, png);
    await armWechatHttpFault({ path: 'cgi-bin/material/get_material', appid: owner.account.appid, status: 503 });

    const down = await image(owner, id);
    const downText = await down.text();
    const retry = await image(owner, id);

    expect(down.status).toBe(502);
    expect(down.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(downText)).toMatchObject({ errcode: 50200, wxerrcode: -1 });
    expect(downText).not.toMatch(/<html|stgw/i);
    expect(retry.status).toBe(200);
    expect(Buffer.from(await retry.arrayBuffer()).equals(png)).toBe(true);
  });
});
