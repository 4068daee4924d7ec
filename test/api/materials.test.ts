import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { itemsOf, objectsUnder } from '../support/faults';
import { call } from '../support/http';
import { multipartBody, sampleFile } from '../support/media';
import { sim } from '../support/wechat-sim';

/** Materials over HTTP: through the local gateway, s3rver and the simulator. */
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const upload = (owner: UserWithAccount, path: string, parts: Parameters<typeof multipartBody>[0]) => {
  const { body, contentType } = multipartBody(parts);
  return call(path, { token: owner.user.token, raw: body, contentType });
};

const stagedObjects = (userId: string) => objectsUnder(`staging/${userId}/`);

const recordedMaterials = (appid: string) => itemsOf(`MATERIALS#${appid}`);

describe('materials', () => {
  it('uploads each type, forwards the exact bytes, counts, lists and removes them', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const files = [
      { type: 'image', data: sampleFile.png(), filename: 'photo.png' },
      { type: 'image', data: sampleFile.jpeg(), filename: 'photo.jpg' },
      { type: 'voice', data: sampleFile.mp3(), filename: 'hello.mp3' },
      { type: 'voice', data: sampleFile.amr(), filename: 'hello.amr' },
      { type: 'thumb', data: sampleFile.jpeg(60 * 1024), filename: 'thumb.jpg' },
    ];

    // Act
    const answers: Awaited<ReturnType<typeof upload>>[] = [];
    for (const f of files) {
      answers.push(await upload(owner, '/apis/materials/uploadMaterial', [{ name: 'type', value: f.type }, { name: 'file', value: f.data, filename: f.filename }]));
    }
    const video = sampleFile.mp4();
    const videoAnswer = await upload(owner, '/apis/materials/uploadVideoMaterial', [
      { name: 'tile', value: 'Opening day' },
      { name: 'desc', value: 'Our shop opens' },
      { name: 'file', value: video, filename: 'open.mp4' },
    ]);
    const count = await call('/apis/materials/getMaterialCount', { token: owner.user.token, form: {} });
    const images = await call('/apis/materials/getMaterialByType', { token: owner.user.token, form: { type: 'image', offset: '0', count: '20' } });
    const received = (await sim.materials(owner.account.appid)).materials;

    // Assess
    expect(answers.map((a) => a.body.errcode)).toEqual([0, 0, 0, 0, 0]);
    expect(answers[0]!.body).toMatchObject({ mediaId: expect.any(String), url: expect.stringMatching(/^http/) });
    expect(videoAnswer.body).toMatchObject({ errcode: 0, mediaId: expect.any(String) });
    expect(count.body).toEqual({ errcode: 0, msg: 'ok', voice_count: 2, video_count: 1, image_count: 3, news_count: 0 });
    expect(images.body).toMatchObject({ errcode: 0, total_count: 3, item_count: 3 });
    const hashes = new Map(received.map((m) => [m['media_id'], m['sha256']]));
    files.forEach((f, i) => expect(hashes.get(answers[i]!.body.mediaId)).toBe(sha256(f.data)));
    expect(hashes.get(videoAnswer.body.mediaId)).toBe(sha256(video));
    expect(received.find((m) => m['media_id'] === videoAnswer.body.mediaId)?.['description']).toEqual({ title: 'Opening day', introduction: 'Our shop opens' });
    expect(await stagedObjects(owner.user.id)).toEqual([]);
    expect(await recordedMaterials(owner.account.appid)).toHaveLength(6);

    // Act: remove one (seed alias mediald, multipart as the seed sends it)
    const removed = await upload(owner, '/apis/materials/removeMaterial', [{ name: 'mediald', value: answers[0]!.body.mediaId }]);
    const after = await call('/apis/materials/getMaterialCount', { token: owner.user.token, form: {} });

    expect(removed.body.errcode).toBe(0);
    expect(after.body.image_count).toBe(2);
    expect(await recordedMaterials(owner.account.appid)).toHaveLength(5);
  });

  it('takes a big video through a presigned upload to the user’s staging prefix', async () => {
    const owner = await userWithDirectAccount();
    const video = sampleFile.mp4(3 * 1024 * 1024);

    const grant = await call('/apis/materials/createUploadUrl', { token: owner.user.token, form: { type: 'video', size: String(video.length) } });
    const put = await fetch(grant.body.uploadUrl, { method: 'PUT', body: video, headers: grant.body.headers });
    const res = await call('/apis/materials/uploadVideoMaterial', { token: owner.user.token, json: { key: grant.body.key, title: 'Big one', desc: 'd' } });

    expect(grant.body).toMatchObject({ errcode: 0, method: 'PUT', key: expect.stringMatching(new RegExp(`^staging/${owner.user.id}/`)) });
    expect(put.status).toBe(200);
    expect(res.body).toMatchObject({ errcode: 0, mediaId: expect.any(String) });
    const stored = (await sim.materials(owner.account.appid)).materials.find((m) => m['media_id'] === res.body.mediaId);
    expect(stored?.['sha256']).toBe(sha256(video));
    expect(await stagedObjects(owner.user.id)).toEqual([]);
  });

  it('refuses bad files before staging or sending anything', async () => {
    const owner = await userWithDirectAccount();
    const before = await sim.calls(owner.account.appid);
    const cases: [Parameters<typeof multipartBody>[0], number, RegExp][] = [
      [[{ name: 'type', value: 'image' }, { name: 'file', value: sampleFile.png(2 * 1024 * 1024 + 1), filename: 'big.png' }], 41300, /^file:/],
      [[{ name: 'type', value: 'thumb' }, { name: 'file', value: sampleFile.jpeg(64 * 1024 + 1), filename: 't.jpg' }], 41300, /^file:/],
      [[{ name: 'type', value: 'voice' }, { name: 'file', value: sampleFile.png(), filename: 'song.mp3' }], 41500, /^file: a voice must be/],
      [[{ name: 'type', value: 'image' }, { name: 'file', value: sampleFile.text(), filename: 'photo.jpg' }], 41500, /^file: an? image|^file:/],
      [[{ name: 'type', value: 'thumb' }, { name: 'file', value: sampleFile.png(), filename: 'thumb.jpg' }], 41500, /^file:/],
      [[{ name: 'type', value: 'image' }], 40000, /^file: is required/],
      [[{ name: 'file', value: sampleFile.png(), filename: 'a.png' }], 40000, /^type: is required/],
    ];

    for (const [parts, errcode, msg] of cases) {
      const res = await upload(owner, '/apis/materials/uploadMaterial', parts);
      expect(res.body.errcode, JSON.stringify(res.body)).toBe(errcode);
      expect(res.body.field, res.text).toBe(msg.source.replace(/^\^/, '').split(':')[0]!.replace(/\\/g, ''));
    }

    expect(await stagedObjects(owner.user.id)).toEqual([]);
    expect((await sim.calls(owner.account.appid))['cgi-bin/material/add_material']).toBe(before['cgi-bin/material/add_material']);
    expect(await recordedMaterials(owner.account.appid)).toEqual([]);
  });

  it('answers 50200 when WeChat refuses after staging, and leaves nothing behind', async () => {
    const owner = await userWithDirectAccount();
    await sim.fault({ path: 'cgi-bin/material/add_material', appid: owner.account.appid, errcode: -1, errmsg: 'system error' });

    const res = await upload(owner, '/apis/materials/uploadMaterial', [{ name: 'type', value: 'image' }, { name: 'file', value: sampleFile.png(), filename: 'a.png' }]);

    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ errcode: 50200, wxerrcode: -1 });
    expect(await stagedObjects(owner.user.id)).toEqual([]);
    expect(await recordedMaterials(owner.account.appid)).toEqual([]);
  });

  it('refuses another user’s staged key with 40300', async () => {
    const victim = await userWithDirectAccount();
    const thief = await userWithDirectAccount();
    const grant = await call('/apis/materials/createUploadUrl', { token: victim.user.token, form: { type: 'video', size: '8192' } });
    await fetch(grant.body.uploadUrl, { method: 'PUT', body: sampleFile.mp4(8192), headers: grant.body.headers });

    const res = await call('/apis/materials/uploadVideoMaterial', { token: thief.user.token, json: { key: grant.body.key, title: 'mine now' } });
    const sneaky = await call('/apis/materials/uploadVideoMaterial', {
      token: thief.user.token,
      json: { key: `staging/${thief.user.id}/../${victim.user.id}/x.mp4`, title: 't' },
    });

    expect(res.body.errcode).toBe(40300);
    expect(sneaky.body.errcode).toBe(40300);
    expect(await stagedObjects(victim.user.id)).toHaveLength(1);
  });

  it('stores a logo (seed field name logolFile) that me shows at a URL serving the same bytes', async () => {
    const owner = await userWithDirectAccount();
    const logo = sampleFile.png(5000);

    const res = await upload(owner, '/apis/materials/uploadLogo', [{ name: 'logolFile', value: logo, filename: 'logo.png' }]);
    const me = await call('/apis/user/me', { token: owner.user.token });
    const served = Buffer.from(await (await fetch(me.body.user.logoUrl)).arrayBuffer());
    const refused = await upload(owner, '/apis/materials/uploadLogo', [{ name: 'logoFile', value: sampleFile.text(), filename: 'logo.png' }]);

    expect(res.body).toMatchObject({ errcode: 0, logoUrl: expect.stringMatching(/^http/) });
    expect(sha256(served)).toBe(sha256(logo));
    expect(refused.body.errcode).toBe(41500);
  });
});
