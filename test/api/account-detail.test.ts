import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { userWithComponentAccount, userWithDirectAccount } from '../support/accounts';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/** GET /apis/accounts/detail: what the console's settings page shows; never a secret. */
const detail = (token: string, appid?: string) => call('/apis/accounts/detail', { method: 'GET', token, ...(appid ? { query: { appid } } : {}) });

describe('account detail', () => {
  it('shows a direct account: status, mode, domains and the callback URL to paste into WeChat, no secret', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    await call('/apis/accounts/updateSettings', { token: owner.user.token, json: { appid: owner.account.appid, domains: ['shop.example.com'] } });

    // Act
    const res = await detail(owner.user.token, owner.account.appid);

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({
      appid: owner.account.appid,
      mode: 'direct',
      status: 'authorized',
      domains: ['shop.example.com'],
      callbackUrl: `${inject('baseUrl')}/wxplatform/callback/${owner.account.appid}`,
      encrypted: true,
    });
    expect(res.text).not.toContain(owner.account.secret);
    expect(res.text).not.toContain(owner.account.aesKey);
    expect(res.text).not.toContain(owner.account.token);
  });

  it('still shows an account its owner revoked, as unauthorized (the settings page must say so)', async () => {
    // Prepare
    const owner = await userWithComponentAccount();
    const revoked = await sim.unauthorize(owner.account.appid);
    expect(revoked.status).toBe(200);

    // Act
    const res = await detail(owner.user.token, owner.account.appid);

    // Assess
    expect(res.body.account).toMatchObject({ appid: owner.account.appid, mode: 'component', status: 'unauthorized' });
    expect(res.body.account.callbackUrl).toBeUndefined();
  });

  it("answers 40300 for someone else's account and 41200 for a user with none", async () => {
    const owner = await userWithDirectAccount();
    const stranger = await loggedInUser();

    const foreign = await detail(stranger.token, owner.account.appid);
    const none = await detail(stranger.token);

    expect(foreign.body.errcode).toBe(40300);
    expect(none.body.errcode).toBe(41200);
  });
});
