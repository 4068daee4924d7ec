import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { resetLifetimeSeconds } from '../../src/users/forgot-password';
import { resetPassword } from '../../src/users/password-reset';
import { getUserLink } from '../../src/users/data/user-links';
import { mailLimits } from '../../src/users/mail-limits';
import { putItem, testDb } from '../support/dynamo';
import { aClientAddress, call } from '../support/http';
import { mailedLink, mailedToken, mailsTo, waitForMail } from '../support/mail';
import { aUser, loggedInUser, registerUser } from '../support/users';

/** What a person in the console reads: the API's default language (the test client asks for English). */
const chinese = { 'accept-language': 'zh-CN' };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Asks for a reset link for `email` and answers the mailed token. */
const resetTokenFor = async (email: string, headers: Record<string, string> = {}): Promise<string> => {
  const since = (await mailsTo(email)).length;
  const res = await call('/apis/user/forgotPassword', { form: { email }, from: aClientAddress(), headers });
  expect(res.body, res.text).toMatchObject({ errcode: 0 });
  return mailedToken(await waitForMail(email, since), 'reset');
};

const login = (username: string, password: string) => call('/apis/user/login', { form: { username, password } });

describe('forgot password → reset', () => {
  it('mails a console link (zh-CN first, English after) that resets once, signs every session out, and lets the new password in', async () => {
    // Prepare: a user signed in on two devices
    const user = await loggedInUser();
    const other = await login(user.username, user.password);
    const since = (await mailsTo(user.email)).length;

    // Act
    const asked = await call('/apis/user/forgotPassword', { headers: chinese, form: { email: user.email }, from: aClientAddress() });
    const mail = await waitForMail(user.email, since);
    const token = mailedToken(mail, 'reset');
    const reset = await call('/apis/user/resetPassword', { form: { token, password: 'a-brand-new-secret' } });
    const again = await call('/apis/user/resetPassword', { form: { token, password: 'yet-another-secret' } });

    // Assess
    // In the language asked for, the same whether or not the address is known.
    expect(asked.body).toEqual({ errcode: 0, msg: '如果该邮箱属于某个账号，重置密码的链接已发出' });
    expect(mail.subject).toBe('重置你的 socialinzen 密码');
    expect(mailedLink(mail, 'reset')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/reset\?token=/);
    const text = mail.body.text ?? '';
    expect(text.indexOf('30 分钟内有效')).toBeGreaterThan(-1);
    expect(text.indexOf('30 分钟内有效')).toBeLessThan(text.indexOf('works for 30 minutes'));
    expect(mail.body.html).toContain('设置新密码');
    expect(reset.body).toEqual({ errcode: 0, msg: 'ok', username: user.username });
    expect(again.status).toBe(404);
    expect(again.body.errcode).toBe(40400);
    expect((await call('/apis/user/me', { token: user.token })).body.errcode).toBe(40100);
    expect((await call('/apis/user/me', { token: other.body.access_token })).body.errcode).toBe(40100);
    expect((await login(user.username, user.password)).body.errcode).toBe(40101);
    expect((await login(user.username, 'a-brand-new-secret')).body.errcode).toBe(0);
  }, 90_000);

  it('writes the mail in English when the request asks for English', async () => {
    const user = await loggedInUser();

    await resetTokenFor(user.email, { 'accept-language': 'en-US,en;q=0.9,zh-CN;q=0.5' });
    const mail = await waitForMail(user.email, 1);

    expect(mail.subject).toBe('Reset your socialinzen password');
    expect(mail.body.text).toContain('The link works for 30 minutes, once.');
    expect(mail.body.text).not.toMatch(/[\u4e00-\u9fff]/);
  }, 90_000);

  it('answers alike, in the same time, for an unknown address, and mails nothing', async () => {
    const user = await loggedInUser();
    const unknown = `nobody-${user.email}`;

    // Three of each, alternating (the address's allowance is 3 an hour); the quickest of each
    // compared, so a moment of load on this shared machine is not read as the product's timing.
    const timed = async (email: string) => {
      const t0 = Date.now();
      const res = await call('/apis/user/forgotPassword', { headers: chinese, form: { email }, from: aClientAddress() });
      return { res, ms: Date.now() - t0 };
    };
    const unknowns = [];
    const knowns = [];
    for (let i = 0; i < 3; i++) {
      unknowns.push(await timed(i ? `${i}-${unknown}` : unknown));
      knowns.push(await timed(user.email));
    }
    const [forUnknown, forKnown] = [unknowns[0]!.res, knowns[0]!.res];
    const unknownMs = Math.min(...unknowns.map((u) => u.ms));
    const knownMs = Math.min(...knowns.map((k) => k.ms));

    expect(forUnknown.status).toBe(forKnown.status);
    expect(forUnknown.body).toEqual(forKnown.body);
    for (const { res } of [...unknowns, ...knowns]) expect(res.body).toEqual(forKnown.body);
    expect(unknownMs).toBeGreaterThanOrEqual(590);
    expect(Math.abs(unknownMs - knownMs)).toBeLessThan(400);
    await waitForMail(user.email, 1);
    expect(await mailsTo(unknown)).toHaveLength(0);
  }, 90_000);

  it('keeps the link 30 minutes: valid in its last second, refused from the 30th minute on (clock of the reset)', async () => {
    const user = await loggedInUser();
    const asked = Date.now();
    const token = await resetTokenFor(user.email);
    const answered = Date.now();
    const link = await getUserLink(sha256(token), 'reset');
    expect(link).toBeDefined();
    const expiresAtMs = link!.expiresAt * 1000;
    // Set by the server's clock between the ask and the answer (however long the mail took).
    expect(link!.expiresAt).toBeGreaterThanOrEqual(Math.floor(asked / 1000) + resetLifetimeSeconds);
    expect(link!.expiresAt).toBeLessThanOrEqual(Math.ceil(answered / 1000) + resetLifetimeSeconds);

    // At the 30th minute: refused, and still unspent for a clock before it.
    await expect(resetPassword(token, 'too-late-secret', expiresAtMs)).rejects.toMatchObject({ errcode: 40400 });
    const inTime = await resetPassword(token, 'just-in-time', expiresAtMs - 1000);

    expect(inTime).toEqual({ username: user.username });
    expect((await login(user.username, 'just-in-time')).body.errcode).toBe(0);
  }, 90_000);

  it('refuses a reset link aged past its 30 minutes over HTTP', async () => {
    const user = await loggedInUser();
    const token = await resetTokenFor(user.email);
    const key = { pk: `LINK#${sha256(token)}`, sk: 'LINK' };
    const { Item } = await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: key }));
    await putItem({ ...Item, expiresAt: Math.floor(Date.now() / 1000) - 1 });

    const res = await call('/apis/user/resetPassword', { form: { token, password: 'a-brand-new-secret' } });

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ field: 'token', rule: 'link.resetGone', msg: expect.stringMatching(/Forgot password/) });
    expect((await login(user.username, user.password)).body.errcode).toBe(0);
  }, 90_000);

  it('verifies an address that was never verified: the reset link proves it', async () => {
    const user = await registerUser(aUser());
    const token = await resetTokenFor(user.email);

    await call('/apis/user/resetPassword', { form: { token, password: 'a-brand-new-secret' } });

    expect((await login(user.username, 'a-brand-new-secret')).body.errcode).toBe(0);
  }, 90_000);

  it('limits reset mails per address (3 an hour) and per client (10 an hour), counting unknown addresses too', async () => {
    const user = await loggedInUser();
    const client = aClientAddress();
    const perAddress = [];
    for (let i = 0; i <= mailLimits.forgotPerAddress.limit; i++) {
      perAddress.push(await call('/apis/user/forgotPassword', { headers: chinese, form: { email: user.email }, from: aClientAddress() }));
    }
    const perClient = [];
    for (let i = 0; i <= mailLimits.forgotPerClient.limit; i++) {
      perClient.push(await call('/apis/user/forgotPassword', { headers: chinese, form: { email: `n${i}-${user.email}` }, from: client }));
    }

    expect(perAddress.slice(0, -1).map((r) => r.body.errcode)).toEqual([0, 0, 0]);
    expect(perAddress.at(-1)!.status).toBe(429);
    expect(perAddress.at(-1)!.body).toMatchObject({ errcode: 42900 });
    expect(Number(perAddress.at(-1)!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(perClient.slice(0, -1).every((r) => r.body.errcode === 0)).toBe(true);
    expect(perClient.at(-1)!.body).toMatchObject({ errcode: 42900 });
    expect(await mailsTo(user.email)).toHaveLength(1 + mailLimits.forgotPerAddress.limit);
  }, 90_000);
});
