import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aClientAddress, call } from '../support/http';
import { putItem } from '../support/dynamo';
import { mailsTo, verificationLink, waitForMail } from '../support/mail';
import { aUser, loggedInUser, registerUser, registerVerifiedUser } from '../support/users';

/** What a person in the console reads: the API's default language (the test client asks for English). */
const chinese = { 'accept-language': 'zh-CN' };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const cookieNamed = (cookies: string[], name: string) => cookies.find((c) => c.startsWith(`${name}=`));

describe('user accounts over HTTP', () => {
  it("answers the README's curl, which asks for no language, in Chinese: registration, a new link, a reset", async () => {
    const user = aUser();
    const none = { 'accept-language': '' };

    const registered = await call('/apis/user/register', { headers: none, form: { ...user } });
    const resent = await call('/apis/user/resendVerification', { headers: none, form: { email: user.email }, from: aClientAddress() });
    const reset = await call('/apis/user/forgotPassword', { headers: none, form: { email: user.email }, from: aClientAddress() });

    expect(registered.body).toMatchObject({ errcode: 0, msg: '注册成功：请打开验证邮件中的链接完成注册' });
    expect(resent.body).toEqual({ errcode: 0, msg: '如果该邮箱属于尚未验证的账号，新的验证链接已发出' });
    expect(reset.body).toEqual({ errcode: 0, msg: '如果该邮箱属于某个账号，重置密码的链接已发出' });
  });

  it('registers, verifies by the mailed link, logs in with cookies, shows me, logs out and forgets the token', async () => {
    // Prepare
    const user = aUser();

    // Act: register → mail → link → login
    const registered = await call('/apis/user/register', { headers: chinese, form: { ...user } });
    const mail = await waitForMail(user.email);
    const verified = await call(verificationLink(mail).replace(/^https?:\/\/[^/]+/, ''));
    const login = await call('/apis/user/login', { form: { username: user.username, password: user.password } });

    // Assess
    expect(registered.status).toBe(200);
    // Said in Chinese when Chinese is asked for (the README's curl asks for nothing: Chinese too).
    expect(registered.body).toMatchObject({ errcode: 0, msg: '注册成功：请打开验证邮件中的链接完成注册', user: { username: user.username } });
    expect(mail.subject).toBe('验证你的 socialinzen 邮箱');
    expect(mail.body.html).toContain('/#/verify?token=');
    expect(verified.body).toEqual({ errcode: 0, msg: 'e-mail verified' });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ errcode: 0, msg: 'ok', expires_in: 604800, user: { username: user.username } });
    const token: string = login.body.access_token;
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);
    const tokenCookie = cookieNamed(login.cookies, 'SocialinzenToken');
    const userCookie = cookieNamed(login.cookies, 'SocialinzenUser');
    expect(tokenCookie).toContain(`SocialinzenToken=${token}`);
    expect(userCookie).toContain(`SocialinzenUser=${login.body.user.id}`);
    for (const cookie of [tokenCookie, userCookie]) {
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
    }

    // Act: me (query token, then bearer) → logout → me
    const me = await call('/apis/user/me', { token });
    const meBearer = await call('/apis/user/me', { headers: { authorization: `Bearer ${token}` } });
    const logout = await call('/apis/user/logout', { method: 'POST', token });
    const meAfter = await call('/apis/user/me', { token });

    // Assess
    expect(me.body).toMatchObject({
      errcode: 0,
      user: { id: login.body.user.id, username: user.username, email: user.email, verified: true },
      accounts: [],
    });
    expect(meBearer.body).toEqual(me.body);
    expect(logout.body).toMatchObject({ errcode: 0 });
    expect(cookieNamed(logout.cookies, 'SocialinzenToken')).toMatch(/Max-Age=0/);
    expect(cookieNamed(logout.cookies, 'SocialinzenUser')).toMatch(/Max-Age=0/);
    expect(meAfter.status).toBe(401);
    expect(meAfter.body.errcode).toBe(40100);
  });

  it('logs in alike with a form-urlencoded body and with a JSON body', async () => {
    const user = await registerVerifiedUser();

    const form = await call('/apis/user/login', { form: { username: user.username, password: user.password } });
    const json = await call('/apis/user/login', { json: { username: user.username, password: user.password } });

    expect(form.body).toMatchObject({ errcode: 0, user: { username: user.username } });
    expect(json.body).toMatchObject({ errcode: 0, user: { username: user.username } });
    expect(json.body.access_token).not.toBe(form.body.access_token);
  });

  it('answers 40102 to a correct login before the e-mail is verified', async () => {
    const user = await registerUser();

    const res = await call('/apis/user/login', { json: { username: user.username, password: user.password } });

    expect(res.status).toBe(403);
    expect(res.body.errcode).toBe(40102);
  });

  it('accepts a verification link once only', async () => {
    const user = await registerUser();
    const path = verificationLink(await waitForMail(user.email)).replace(/^https?:\/\/[^/]+/, '');

    const first = await call(path);
    const second = await call(path);

    expect(first.body.errcode).toBe(0);
    expect(second.status).toBe(404);
    expect(second.body.errcode).toBe(40400);
  });

  it('refuses an expired verification token', async () => {
    const user = await registerUser();
    const token = randomBytes(32).toString('base64url');
    const me = await call('/apis/user/login', { json: { username: user.username, password: user.password } });
    expect(me.body.errcode).toBe(40102);
    await putItem({
      pk: `VERIFY#${sha256(token)}`,
      sk: 'VERIFY',
      userId: 'whoever',
      expiresAt: Math.floor(Date.now() / 1000) - 1,
      ttl: Math.floor(Date.now() / 1000) - 1,
    });

    const res = await call('/apis/user/verify', { query: { token } });

    expect(res.body.errcode).toBe(40400);
  });

  it('sends browsers that open the link on to the console', async () => {
    const user = await registerUser();
    const path = verificationLink(await waitForMail(user.email)).replace(/^https?:\/\/[^/]+/, '');

    const res = await call(path, { headers: { accept: 'text/html,application/xhtml+xml' } });

    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/\/\?verified=1$/);
  });

  it('resends a link to an unverified address and answers the same for an unknown one', async () => {
    const user = await registerUser();
    await waitForMail(user.email);

    const known = await call('/apis/user/resendVerification', { headers: chinese, form: { email: user.email.toUpperCase() } });
    const second = await waitForMail(user.email, 1);
    const unknown = await call('/apis/user/resendVerification', { headers: chinese, form: { email: `nobody-${user.email}` } });

    expect(known.body).toEqual(unknown.body);
    expect(known.body.errcode).toBe(0);
    expect(verificationLink(second)).not.toBe(verificationLink((await mailsTo(user.email))[0]!));
    const verified = await call(verificationLink(second).replace(/^https?:\/\/[^/]+/, ''));
    expect(verified.body.errcode).toBe(0);
  });

  it('redirects a browser logout home and clears the cookies, taking the token from the cookie', async () => {
    const user = await loggedInUser();

    const res = await call('/apis/user/logout', {
      method: 'POST',
      headers: { accept: 'text/html', cookie: `SocialinzenToken=${user.token}; SocialinzenUser=${user.id}` },
    });
    const after = await call('/apis/user/me', { token: user.token });

    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/\/$/);
    expect(res.cookies.join('\n')).toMatch(/SocialinzenToken=;.*Max-Age=0/);
    expect(after.body.errcode).toBe(40100);
  });

  it('refuses an expired session token with 40100', async () => {
    const token = randomBytes(32).toString('base64url');
    await putItem({
      pk: `SESSION#${sha256(token)}`,
      sk: 'SESSION',
      userId: 'u',
      username: 'u',
      createdAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });

    const res = await call('/apis/user/me', { token });

    expect(res.status).toBe(401);
    expect(res.body.errcode).toBe(40100);
  });
});
