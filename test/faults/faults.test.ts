import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { armStorageFault, disarmStorageFaults, objectsUnder } from '../support/faults';
import { usernameKey } from '../../src/users/data/users';
import { userWithDirectAccount } from '../support/accounts';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { multipartBody, sampleFile } from '../support/media';
import { sim } from '../support/wechat-sim';
import { aUser, loggedInUser } from '../support/users';

/**
 * Faults injected under the real SDK and the real simulator: DynamoDB throttling (the proxy in
 * front of DynamoDB Local answers DynamoDB's own error), an S3 upload cut off halfway, WeChat busy
 * (-1) and WeChat not answering in time. Each ends in a clear errcode, leaves nothing half-written,
 * and the client's retry succeeds.
 */
const arm = armStorageFault;
/** The fault is over (the service recovered); only this file's faults (files run in parallel). */
const disarm = disarmStorageFaults;
afterEach(disarm);

describe('DynamoDB throttling', () => {
  it('answers a throttled registration 50300 with Retry-After, stores nothing, and the retry registers', async () => {
    // Prepare: throttled more often than the SDK retries
    const user = aUser();
    await arm('dynamoFaults', { match: user.username, operation: 'TransactWriteItems', kind: 'throttle', times: 10 });

    // Act
    const throttled = await call('/apis/user/register', { form: { ...user } });
    const stored = await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: usernameKey(user.username) }));
    await disarm();
    const retry = await call('/apis/user/register', { form: { ...user } });

    // Assess
    expect(throttled.status).toBe(503);
    expect(throttled.body).toMatchObject({ errcode: 50300, retry_after: 1 });
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(stored.Item).toBeUndefined();
    expect(retry.body.errcode).toBe(0);
  });

  it('rides out throttling the SDK can retry (2 of its 3 tries) without the client noticing', async () => {
    const user = aUser();
    await arm('dynamoFaults', { match: user.username, operation: 'TransactWriteItems', kind: 'throttle', times: 2 });

    const res = await call('/apis/user/register', { form: { ...user } });

    expect(res.body.errcode).toBe(0);
  });
});

describe('S3 failing mid-upload', () => {
  it('answers 50300 when the logo upload is cut off, keeps the old logo state, and the retry stores it', async () => {
    const user = await loggedInUser();
    await arm('s3Faults', { match: `logos/${user.id}/`, operation: 'PUT', kind: 'reset', times: 10 });
    const { body, contentType } = multipartBody([{ name: 'logoFile', value: sampleFile.png(50_000), filename: 'l.png', type: 'image/png' }]);

    const cut = await call('/apis/materials/uploadLogo', { raw: body, contentType, token: user.token });
    const meAfterCut = await call('/apis/user/me', { token: user.token });
    const objectsAfterCut = await objectsUnder(`logos/${user.id}/`);
    await disarm();
    const retry = await call('/apis/materials/uploadLogo', { raw: body, contentType, token: user.token });

    expect(cut.status, cut.text).toBe(503);
    expect(cut.body.errcode).toBe(50300);
    expect(meAfterCut.body.user.logoUrl).toBeUndefined();
    expect(objectsAfterCut).toEqual([]);
    expect(retry.body).toMatchObject({ errcode: 0, logoUrl: expect.any(String) });
  });

  it('answers 50300 when staging a material is cut off, sends nothing to WeChat, and the retry uploads it', async () => {
    const owner = await userWithDirectAccount();
    await arm('s3Faults', { match: `staging/${owner.user.id}/`, operation: 'PUT', kind: 'reset', times: 10 });
    const { body, contentType } = multipartBody([
      { name: 'type', value: 'image' },
      { name: 'file', value: sampleFile.png(40_000), filename: 'a.png', type: 'image/png' },
    ]);

    const cut = await call('/apis/materials/uploadMaterial', { raw: body, contentType, token: owner.user.token });
    const atWechat = (await sim.materials(owner.account.appid)).materials;
    await disarm();
    const retry = await call('/apis/materials/uploadMaterial', { raw: body, contentType, token: owner.user.token });

    expect(cut.body.errcode).toBe(50300);
    expect(atWechat).toEqual([]);
    expect(retry.body).toMatchObject({ errcode: 0, mediaId: expect.any(String) });
    expect(await objectsUnder(`staging/${owner.user.id}/`)).toEqual([]);
  });
});

describe('WeChat failing', () => {
  it('passes WeChat\'s -1 "system busy" on as 50200, creates nothing, and the retry creates the group', async () => {
    const owner = await userWithDirectAccount();
    await sim.fault({ path: 'cgi-bin/tags/create', appid: owner.account.appid, errcode: -1, errmsg: 'system error' });

    const busy = await call('/apis/wxplatform/createGroup', { token: owner.user.token, form: { groupName: 'VIP' } });
    const groupsAfterBusy = await call('/apis/wxplatform/getGroups', { token: owner.user.token, form: {} });
    const retry = await call('/apis/wxplatform/createGroup', { token: owner.user.token, form: { groupName: 'VIP' } });

    expect(busy.status).toBe(502);
    expect(busy.body).toMatchObject({ errcode: 50200, wxerrcode: -1 });
    expect(JSON.stringify(groupsAfterBusy.body)).not.toContain('"VIP"');
    expect(retry.body.errcode).toBe(0);
  });

  it('answers 50200 when WeChat does not answer in time, and the retry gets the answer', { timeout: 60_000 }, async () => {
    const owner = await userWithDirectAccount();
    await sim.fault({ path: 'cgi-bin/tags/get', appid: owner.account.appid, delayMs: 6_000 });

    const slow = await call('/apis/wxplatform/getGroups', { token: owner.user.token, form: {} });
    const retry = await call('/apis/wxplatform/getGroups', { token: owner.user.token, form: {} });

    expect(slow.status).toBe(502);
    expect(slow.body).toMatchObject({ errcode: 50200, wxerrcode: -1 });
    expect(retry.body.errcode).toBe(0);
  });
});
