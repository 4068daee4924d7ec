import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { userWithDirectAccount } from '../support/accounts';
import { content } from '../support/content';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { putInboxMessage } from '../support/inbox';
import { ownOrganization } from '../support/team';
import { sim } from '../support/wechat-sim';

/**
 * The platform's stop switch (issue 28): an operator suspends one tenant's sends from the command
 * line; mass sends, publishing and customer-service replies are refused at once (40302,
 * account.suspended) without reaching WeChat, other work goes on, and both switches are audited.
 */
const run = promisify(execFile);
const suspendCli = (args: string[]) =>
  run('npx', ['tsx', 'bin/suspend.ts', ...args], {
    env: { ...process.env, TABLE_NAME: inject('tableName'), AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });

describe('the stop switch', () => {
  it('refuses sends while an organization is suspended, tells the member to contact the platform, and sends again once lifted', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const orgId = await ownOrganization(owner.user);
    const openid = `oSuspended${Date.now()}`;
    const asked = await putInboxMessage(appid, { openid, msgType: 'text', content: '在吗?', createTime: Math.floor(Date.now() / 1000) - 60 });
    await sim.interaction(appid, openid, asked.createTime);

    // Act
    const suspended = await suspendCli(['--org', orgId, '--reason', 'spam reports from WeChat', '--by', 'ops-alice']);
    const mass = await content(owner, 'massSend', { text: '周末八折', toAll: true });
    const massZh = await call('/apis/content/massSend', { token: owner.user.token, json: { appid, text: '周末八折', toAll: true }, headers: { 'accept-language': 'zh-CN' } });
    const reply = await call('/apis/inbox/reply', { token: owner.user.token, json: { appid, openid, type: 'text', content: '在的' } });
    const rule = await call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid, type: 'text', reply: { content: 'hi' }, request: 'still-works', match: 'exact' } });
    const calls = await sim.calls(appid);
    const lifted = await suspendCli(['--org', orgId, '--lift', '--by', 'ops-bob']);
    const after = await content(owner, 'massSend', { text: '周末八折', toAll: true });

    // Assess
    expect(suspended.stdout).toMatch(/suspended/);
    for (const res of [mass, reply]) {
      expect(res.status, res.text).toBe(403);
      expect(res.body).toMatchObject({ errcode: 40302, rule: 'account.suspended' });
      expect(res.body.msg).toMatch(/contact the platform/);
      // The reason is the platform's, not shown to the tenant.
      expect(res.text).not.toContain('spam reports');
    }
    expect(massZh.body.msg).toMatch(/请联系平台/);
    expect(calls['cgi-bin/message/mass/sendall']).toBeUndefined();
    expect(calls['cgi-bin/message/custom/send']).toBeUndefined();
    expect(rule.body.errcode, rule.text).toBe(0);
    expect(lifted.stdout).toMatch(/lifted/);
    expect(after.body.errcode, after.text).toBe(0);

    const audit = await testDb().send(new QueryCommand({ TableName: inject('tableName'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${orgId}` } }));
    const switches = (audit.Items ?? []).filter((i) => i['kind'] === 'platform').map((i) => [i['route'], i['username'], i['input']?.reason]);
    expect(switches).toEqual([
      ['CLI suspend', 'platform operator ops-alice', 'spam reports from WeChat'],
      ['CLI lift', 'platform operator ops-bob', undefined],
    ]);
  }, 60_000);

  it('answers a usage line and changes nothing without an organization or a reason', async () => {
    await expect(suspendCli(['--reason', 'x'])).rejects.toMatchObject({ code: 2 });
    await expect(suspendCli(['--org', 'org-x'])).rejects.toMatchObject({ code: 2 });
  }, 30_000);
});
