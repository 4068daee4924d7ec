import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { handler } from '../../src/wechat/handlers/refreshTokens';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { userWithComponentAccount } from '../support/accounts';
import { loggedInUser } from '../support/users';
import { sim, type SimAccount } from '../support/wechat-sim';

/** The scheduled refresher run as EventBridge runs it, against DynamoDB Local and the simulator. */
const tokenKey = (kind: string, appid: string) => ({ pk: `TOKEN#${kind}#${appid}`, sk: 'TOKEN' });

const expiresAt = async (kind: string, appid: string): Promise<number | undefined> =>
  (await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: tokenKey(kind, appid) }))).Item?.['expiresAt'];

/** Pretends our stored token runs out in `seconds` (WeChat's own copy still lives). */
const ageToken = (kind: string, appid: string, seconds: number) =>
  testDb().send(
    new UpdateCommand({
      TableName: inject('tableName'),
      Key: tokenKey(kind, appid),
      UpdateExpression: 'SET expiresAt = :e, gsi1sk = :s',
      ExpressionAttributeValues: { ':e': Date.now() + seconds * 1000, ':s': String(Date.now() + seconds * 1000).padStart(15, '0') },
    }),
  );

const bindDirect = async (token: string, account: SimAccount) => {
  const res = await call('/apis/accounts/bindDirect', {
    token,
    form: { appid: account.appid, appsecret: account.secret, token: 'callbackToken1' },
  });
  expect(res.body.errcode).toBe(0);
};

const scheduledEvent = { 'detail-type': 'Scheduled Event', source: 'aws.events' } as ScheduledEvent;

describe('refreshTokens (scheduled)', () => {
  it('refreshes tokens inside the window, skips fresh ones, and survives one account’s 61023', async () => {
    // Prepare: three direct-mode accounts; two of our copies expire soon; WeChat refuses one of them
    const user = await loggedInUser();
    const [fresh, due, revoked] = await Promise.all([sim.createAccount(), sim.createAccount(), sim.createAccount()]);
    const other = await loggedInUser();
    await bindDirect(user.token, fresh);
    await bindDirect(user.token, due);
    await bindDirect(other.token, revoked);
    await ageToken('direct', due.appid, 120);
    await ageToken('direct', revoked.appid, 60);
    await sim.fault({ path: 'cgi-bin/stable_token', appid: revoked.appid, errcode: 61023, errmsg: 'refresh_token is invalid', times: -1 });
    const before = await Promise.all([fresh, due, revoked].map((a) => sim.calls(a.appid)));

    // Act
    const report = await handler(scheduledEvent);
    await sim.clearFaults();

    // Assess
    const after = await Promise.all([fresh, due, revoked].map((a) => sim.calls(a.appid)));
    const stableCalls = (i: number) => (after[i]!['cgi-bin/stable_token'] ?? 0) - (before[i]!['cgi-bin/stable_token'] ?? 0);
    expect(stableCalls(0)).toBe(0);
    expect(stableCalls(1)).toBe(1);
    expect(stableCalls(2)).toBe(1);
    expect(report.refreshed).toContainEqual({ kind: 'direct', appid: due.appid });
    expect(report.failed).toContainEqual(expect.objectContaining({ kind: 'direct', appid: revoked.appid, errcode: 61023 }));
    expect(report.refreshed.concat(report.skipped)).not.toContainEqual({ kind: 'direct', appid: fresh.appid });
    expect((await expiresAt('direct', due.appid))!).toBeGreaterThan(Date.now() + 3600_000);
    const revokedAccount = (
      await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: { pk: `ACCOUNT#${revoked.appid}`, sk: 'ACCOUNT' } }))
    ).Item;
    expect(revokedAccount?.['refreshError']).toMatchObject({ errcode: 61023 });
  });

  it('gives a component account authorized before pushes were bound its original ID on its next refresh', async () => {
    // api_get_authorizer_info's user_name is the original ID:
    // https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html
    const owner = await userWithComponentAccount();
    const accountKey = { pk: `ACCOUNT#${owner.account.appid}`, sk: 'ACCOUNT' };
    await testDb().send(new UpdateCommand({ TableName: inject('tableName'), Key: accountKey, UpdateExpression: 'REMOVE originalId' }));
    await ageToken('authorizer', owner.account.appid, 60);

    await handler(scheduledEvent);

    const account = (await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: accountKey, ConsistentRead: true }))).Item;
    expect(account?.['originalId']).toBe(owner.account.username);
  });
});
