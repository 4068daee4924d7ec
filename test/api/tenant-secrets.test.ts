import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { getAccount } from '../../src/core/data/accounts';
import { getComponentTicket } from '../../src/wechat/data/component-ticket';
import { migrateTenantSecrets } from '../../src/core/data/migrate-tenant-secrets';
import { readToken } from '../../src/wechat/data/tokens';
import { demoComponent } from '../../local/demo-component';
import { Envelope, isSealed } from '../../src/core/security/envelope';
import { localKeyring } from '../../src/core/security/keyrings';
import { testTenantKey } from '../../local/tenant-key';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { scanAll, testDb } from '../support/dynamo';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

const put = (item: Record<string, unknown>) => testDb().send(new PutCommand({ TableName: inject('tableName'), Item: item }));

const storedItem = async (pk: string, sk: string) =>
  (await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: { pk, sk } }))).Item!;

describe('tenant secrets at rest', () => {
  let direct: UserWithAccount;
  let component: UserWithAccount;
  beforeAll(async () => {
    [direct, component] = await Promise.all([userWithDirectAccount(), userWithComponentAccount()]);
  });

  it('stores no appsecret, callback token, EncodingAESKey, refresh or access token, jsapi or component ticket in plain text', async () => {
    // Prepare: accounts of both modes (above), a jsapi ticket fetched, a component ticket pushed.
    await sim.pushTicket();
    const signed = await call('/apis/wxplatform/jsticket', { form: { appid: direct.account.appid, url: 'https://h5.example.com/a' } });
    expect(signed.body.errcode).toBe(0);

    // Act
    const everything = JSON.stringify(await scanAll());

    // Assess: the data layer still answers plaintext, and none of it is in the table.
    const directAccount = await getAccount(direct.account.appid);
    const componentAccount = await getAccount(component.account.appid);
    const plaintexts = {
      appsecret: directAccount!.appsecret!,
      callbackToken: directAccount!.callbackToken!,
      encodingAesKey: directAccount!.encodingAesKey!,
      authorizerRefreshToken: componentAccount!.authorizerRefreshToken!,
      directAccessToken: (await readToken({ kind: 'direct', appid: direct.account.appid }))!.value!,
      authorizerAccessToken: (await readToken({ kind: 'authorizer', appid: component.account.appid }))!.value!,
      jsapiTicket: (await readToken({ kind: 'jsapi', appid: direct.account.appid }))!.value!,
      componentToken: (await readToken({ kind: 'component', appid: demoComponent.appid }))!.value!,
      componentTicket: (await getComponentTicket(demoComponent.appid))!,
    };
    expect(plaintexts).toMatchObject({
      appsecret: direct.account.secret,
      callbackToken: direct.account.token,
      encodingAesKey: direct.account.aesKey,
      jsapiTicket: (await sim.tokens(direct.account.appid)).jsapi_ticket,
    });
    for (const [name, value] of Object.entries(plaintexts)) {
      expect(value.length, name).toBeGreaterThan(8);
      expect(everything, name).not.toContain(value);
    }
    const stored = await storedItem(`ACCOUNT#${direct.account.appid}`, 'ACCOUNT');
    for (const field of ['appsecret', 'callbackToken', 'encodingAesKey']) expect(isSealed(stored[field]), field).toBe(true);
    expect(isSealed((await storedItem(`ACCOUNT#${component.account.appid}`, 'ACCOUNT'))['authorizerRefreshToken'])).toBe(true);
  });

  it('does not open a stored secret with another key, nor in another item or field', async () => {
    // Prepare
    const { account } = direct;
    const other = component;
    const sealed = (await storedItem(`ACCOUNT#${account.appid}`, 'ACCOUNT'))['appsecret'] as string;
    const context = { entity: 'ACCOUNT', id: account.appid, field: 'appsecret' };
    const right = new Envelope(localKeyring(Buffer.from(testTenantKey, 'base64')));
    const wrong = new Envelope(localKeyring(randomBytes(32)));

    // Act / Assess
    await expect(right.open(sealed, context)).resolves.toBe(account.secret);
    await expect(wrong.open(sealed, context)).rejects.toThrow(/does not decrypt/);
    await expect(right.open(sealed, { ...context, id: other.account.appid })).rejects.toThrow(/does not decrypt/);
    await expect(right.open(sealed, { ...context, field: 'callbackToken' })).rejects.toThrow(/does not decrypt/);
  });

  it('refuses a secret moved into another account’s item', async () => {
    // Prepare: a copy of one account's item under another appid, its sealed secrets unchanged.
    const item = await storedItem(`ACCOUNT#${direct.account.appid}`, 'ACCOUNT');
    const thief = `wxthief${randomBytes(5).toString('hex')}`;
    await put({ ...item, pk: `ACCOUNT#${thief}`, appid: thief, gsi1sk: `ACCOUNT#${thief}` });

    // Act / Assess
    await expect(getAccount(thief)).rejects.toThrow(/does not decrypt/);
  });

  it('migrates plaintext items of the old layout once: the second run changes nothing', async () => {
    // Prepare: an account and a token as they were stored before encryption.
    const appid = `wxold${randomBytes(6).toString('hex')}`;
    const appsecret = randomBytes(16).toString('hex');
    const accessToken = `old-token-${randomBytes(12).toString('hex')}`;
    const now = new Date().toISOString();
    await put({
      ...{ pk: `ACCOUNT#${appid}`, sk: 'ACCOUNT', type: 'account', gsi1pk: 'USER#legacy', gsi1sk: `ACCOUNT#${appid}` },
      ...{ appid, ownerId: 'legacy', mode: 'direct', status: 'authorized', nickname: 'old', createdAt: now, updatedAt: now },
      ...{ appsecret, callbackToken: 'oldCallbackToken' },
    });
    await put({ pk: `TOKEN#direct#${appid}`, sk: 'TOKEN', value: accessToken, expiresAt: Date.now() + 3_600_000, tokenKind: 'direct', appid });

    // Act
    const first = await migrateTenantSecrets({ pageSize: 25 });
    const afterFirst = await storedItem(`ACCOUNT#${appid}`, 'ACCOUNT');
    const second = await migrateTenantSecrets({ pageSize: 25 });
    const afterSecond = await storedItem(`ACCOUNT#${appid}`, 'ACCOUNT');

    // Assess
    expect(first.sealed).toBeGreaterThanOrEqual(3);
    expect(isSealed(afterFirst['appsecret'])).toBe(true);
    expect(isSealed(afterFirst['callbackToken'])).toBe(true);
    expect(isSealed((await storedItem(`TOKEN#direct#${appid}`, 'TOKEN'))['value'])).toBe(true);
    expect(await getAccount(appid)).toMatchObject({ appsecret, callbackToken: 'oldCallbackToken' });
    expect((await readToken({ kind: 'direct', appid }))?.value).toBe(accessToken);
    expect(second.sealed).toBe(0);
    expect(afterSecond).toEqual(afterFirst);
  }, 120_000);
});
