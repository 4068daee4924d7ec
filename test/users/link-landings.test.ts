import { describe, expect, it } from 'vitest';
import { authorizeThroughPlatform } from '../support/accounts';
import { call } from '../support/http';
import { verificationLink, waitForMail } from '../support/mail';
import { loggedInUser, registerUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * No dead ends: a browser that follows a link from a mail or comes back from WeChat lands on a
 * console page that says what happened (the pages themselves: test/console/account-pages.test.ts),
 * never on the API's JSON. API clients keep their JSON answers.
 */
const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

describe('links a browser follows', () => {
  it('the verification mail links to the console page, and an old API link used twice goes to that page with a reason', async () => {
    const user = await registerUser();
    const mail = await waitForMail(user.email);
    const apiLink = pathOf(verificationLink(mail));

    const first = await call(apiLink, { headers: browser });
    const second = await call(apiLink, { headers: browser });
    const forApi = await call(apiLink);

    expect(mail.body.text).toMatch(/\/#\/verify\?token=[\w%-]+/);
    expect(mail.body.text).not.toContain('/apis/');
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.headers.get('location')).toMatch(/\/#\/verify\?result=invalid$/);
    expect(forApi.body.errcode).toBe(40400);
  }, 90_000);

  it('the authorization return: a reload, a forged state and a return without auth_code each land on a console page, never on JSON', async () => {
    // Prepare: one completed authorization
    const user = await loggedInUser();
    const account = await sim.createAccount();
    const { back, callback } = await authorizeThroughPlatform(user, account);
    expect(callback.status).toBe(302);

    // Act
    const reload = await call(pathOf(back), { headers: browser });
    const cancelled = await call(pathOf(back).replace(/&auth_code=[^&]+/, ''), { headers: browser });
    const forged = await call(pathOf(back).replace(/state=[^&]+/, `state=${'A'.repeat(43)}`), { headers: browser });

    // Assess: the return page completes (or explains) with the console's own session (issue 22);
    // a return WeChat sent without its code goes to the page that says the authorization was cancelled.
    expect(reload.status).toBe(302);
    expect(reload.headers.get('location')).toMatch(/\/#\/authorize\/return\?state=/);
    expect(forged.headers.get('location')).toMatch(/\/#\/authorize\/return\?state=A{43}/);
    expect(cancelled.headers.get('location')).toMatch(/\/#\/authorize\/return\?reason=cancelled$/);
    for (const answer of [reload, cancelled, forged]) expect(answer.headers.get('content-type') ?? '').not.toContain('json');
  }, 90_000);
});
