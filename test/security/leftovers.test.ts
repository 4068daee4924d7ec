import { describe, expect, inject, it } from 'vitest';
import { call } from '../support/http';
import { objectsUnder } from '../support/faults';
import { multipartBody, sampleFile } from '../support/media';
import { loggedInUser } from '../support/users';

/**
 * No leftovers (issue 22, item 8): replacing a logo deletes the object it replaced, once the new
 * one is the user's; the bucket holds one logo per user, not every logo ever uploaded.
 */
const upload = async (token: string, bytes: Buffer) => {
  const { body, contentType } = multipartBody([{ name: 'logoFile', value: bytes, filename: 'logo.png' }]);
  const res = await call('/apis/materials/uploadLogo', { token, raw: body, contentType });
  expect(res.body, res.text).toMatchObject({ errcode: 0 });
  return res;
};

describe('no leftovers in the bucket', () => {
  it('keeps only the new logo object when a logo is replaced twice', async () => {
    const user = await loggedInUser();

    await upload(user.token, sampleFile.png(2000));
    const first = (await objectsUnder(`logos/${user.id}/`)).map((o) => o.Key);
    await upload(user.token, sampleFile.png(2500));
    await upload(user.token, sampleFile.png(3000));
    const listed = await objectsUnder(`logos/${user.id}/`);
    const served = await fetch(new URL('/apis/user/logo', inject('baseUrl')), { headers: { authorization: `Bearer ${user.token}` } });

    expect(first).toHaveLength(1);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.Key).not.toBe(first[0]);
    expect(served.status).toBe(200);
    expect((await served.arrayBuffer()).byteLength).toBe(3000);
  });
});
