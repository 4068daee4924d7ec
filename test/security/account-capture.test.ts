import { describe, expect, it } from 'vitest';
import { handler as transferAccounts } from '../../src/accounts/handlers/transferAccounts';
import { authorizeThroughPlatform, completeInConsole, consolePageOf, pickOnWechatPage, userWithComponentAccount, userWithDirectAccount } from '../support/accounts';
import { itemsOf } from '../support/faults';
import { call } from '../support/http';
import { mailsTo, waitForMail } from '../support/mail';
import { ownOrganization } from '../support/team';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * Issue 22 items 1 and 2, as an attacker would try them, over HTTP against the local stack and the
 * WeChat simulator: an account is linked only by the console session that asked for the link and
 * only with WeChat's word; ownership follows proof of control; unbinding.
 */
const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');
const stateOf = (authUrl: string) => new URL(new URL(authUrl).searchParams.get('redirect_uri')!).searchParams.get('state')!;
const appidsOf = async (token: string) => ((await call('/apis/user/me', { token })).body.accounts as { appid: string }[]).map((a) => a.appid);
const status = (token: string, state: string) => call('/apis/component/authStatus', { token, query: { state } });
/** The sweep of due transfers, run as EventBridge would run it at `at`. */
const sweepAt = (at: number) => transferAccounts({ time: new Date(at).toISOString() });

describe('linking an account: the starting session and WeChat’s word', () => {
  it('refuses capture by link: B’s authorization confirmed by X’s admin in another browser links nothing, and B never gets X', async () => {
    // Prepare: B starts an authorization and sends its link to A, the admin of X (A has a login of their own here)
    const b = await loggedInUser();
    const a = await loggedInUser();
    const x = await sim.createAccount({ nickname: 'Victim X' });
    const start = await call('/apis/component/authUrl', { token: b.token });
    const state = start.body.state as string;

    // Act: A confirms on WeChat's page in A's own browser; WeChat sends that browser back
    const back = await pickOnWechatPage(start.body.authUrl, x);
    const landed = await call(pathOf(back));
    const location = landed.headers.get('location')!;
    // A's console (A's session, or none) calls the completion; then B tries with the address forwarded
    const inAsBrowser = await completeInConsole(a.token, location);
    const anonymous = await call('/apis/component/authComplete', { method: 'POST', json: consolePageOf(location).params });
    const forwardedToB = await completeInConsole(b.token, location);
    const polledByB = await status(b.token, state);

    // Assess: WeChat's push for X arrived (the grant is there), yet nothing links
    expect(landed.status).toBe(302);
    expect(consolePageOf(location).page).toBe('/authorize/return');
    expect(inAsBrowser.body).toMatchObject({ errcode: 40300, reason: 'otherSession', msg: expect.stringMatching(/^state: this authorization was started in another browser session; nothing was linked/) });
    expect(anonymous.body.errcode).toBe(40100);
    // The return in another browser spent the state: the forwarded address is worth nothing to B
    expect(forwardedToB.body).toMatchObject({ errcode: 0, status: 'refused', reason: 'otherSession' });
    expect(polledByB.body).toMatchObject({ errcode: 0, status: 'refused' });
    expect(await appidsOf(b.token)).not.toContain(x.appid);
    expect(await itemsOf(`ACCOUNT#${x.appid}`)).toEqual([]);
    expect((await sim.pushes()).some((p) => p.infoType === 'authorized')).toBe(true);
  });

  it('links nothing on WeChat’s push alone: a state nobody came back to stays started', async () => {
    const b = await loggedInUser();
    const x = await sim.createAccount();
    const start = await call('/apis/component/authUrl', { token: b.token });

    // The admin confirms; WeChat pushes `authorized`; the browser's return is never completed
    await pickOnWechatPage(start.body.authUrl, x);

    expect((await status(b.token, start.body.state)).body).toMatchObject({ errcode: 0, status: 'started' });
    expect(await itemsOf(`ACCOUNT#${x.appid}`)).toEqual([]);
  });

  it('lets the real admin re-authorize in his own session and own X: B loses it and is told by mail', async () => {
    // Prepare: B holds X (linked before these rules, or through a legitimate authorization since revoked in practice)
    const captured = await userWithComponentAccount();
    const b = captured.user;
    const x = captured.account;
    const admin = await loggedInUser();
    const mailsBefore = (await mailsTo(b.email)).length;

    // Act: X's real admin authorizes in his own console session
    const { completion } = await authorizeThroughPlatform(admin, x);
    const mail = await waitForMail(b.email, mailsBefore);

    // Assess
    expect(completion?.body).toMatchObject({ errcode: 0, status: 'linked', appid: x.appid, moved: true });
    expect(await appidsOf(admin.token)).toContain(x.appid);
    expect(await appidsOf(b.token)).not.toContain(x.appid);
    expect((await itemsOf(`ACCOUNT#${x.appid}`)).map((i) => i['orgId'])).toEqual([await ownOrganization(admin)]);
    // Simplified Chinese first, then English
    expect(mail.subject).toMatch(/^公众号「.*」已转到其他组织/);
    expect(mail.body.text).toMatch(/重新授权[\s\S]*---[\s\S]*authorized socialinzen again/);
    // B's session is refused the account everywhere now
    const rules = await call('/apis/wxreplymanage/listReply', { token: b.token, json: { appid: x.appid } });
    expect(rules.body.errcode).toBe(40300);
  });

  it('completes when WeChat’s push arrives after the return (a push 20 s late): the state waits, the status poll sees the link later', async () => {
    // Prepare: WeChat holds X's authorized push back
    const admin = await loggedInUser();
    const x = await sim.createAccount();
    await sim.holdAuthorizedPushes(x.appid, true);

    // Act: the browser is back before the push
    const { start, completion } = await authorizeThroughPlatform(admin, x);
    const before = await status(admin.token, start.body.state);
    const meBefore = await appidsOf(admin.token);
    const released = await sim.releaseAuthorizedPushes(x.appid);
    await sim.holdAuthorizedPushes(x.appid, false);
    const after = await status(admin.token, start.body.state);

    // Assess
    expect(completion?.body).toMatchObject({ errcode: 0, status: 'waiting' });
    expect(before.body).toMatchObject({ errcode: 0, status: 'waiting' });
    expect(meBefore).not.toContain(x.appid);
    expect(released.results).toEqual([{ status: 200, body: 'success' }]);
    expect(after.body).toMatchObject({ errcode: 0, status: 'linked', appid: x.appid, moved: false });
    expect(await appidsOf(admin.token)).toContain(x.appid);
  });

  it('shows the mobile link’s return on the phone as a code only the waiting console can use (another session, a wrong code refused)', async () => {
    const admin = await loggedInUser();
    const other = await loggedInUser();
    const x = await sim.createAccount();
    const start = await call('/apis/component/authUrl', { token: admin.token });
    const state = stateOf(start.body.mobileAuthUrl);

    const back = await pickOnWechatPage(start.body.mobileAuthUrl, x);
    const phone = consolePageOf((await call(pathOf(back))).headers.get('location')!);
    const code = phone.params['code']!;
    const byOther = await call('/apis/component/authComplete', { token: other.token, method: 'POST', json: { state, confirmCode: code } });
    const wrong = await call('/apis/component/authComplete', { token: admin.token, method: 'POST', json: { state, confirmCode: code === '000000' ? '111111' : '000000' } });
    const right = await call('/apis/component/authComplete', { token: admin.token, method: 'POST', json: { state, confirmCode: code } });

    expect(phone.page).toBe('/authorize/phone');
    expect(byOther.body).toMatchObject({ errcode: 40300, reason: 'otherSession' });
    expect(wrong.body).toMatchObject({ errcode: 40000, field: 'confirmCode', rule: 'authorize.codeWrong' });
    expect(right.body).toMatchObject({ errcode: 0, status: 'linked', appid: x.appid });
  });
});

it('ends a phone return after 5 wrong confirmation codes: the right one is refused then, nothing linked', async () => {
  const admin = await loggedInUser();
  const x = await sim.createAccount();
  const start = await call('/apis/component/authUrl', { token: admin.token });
  const state = stateOf(start.body.mobileAuthUrl);
  const back = await pickOnWechatPage(start.body.mobileAuthUrl, x);
  const code = consolePageOf((await call(pathOf(back))).headers.get('location')!).params['code']!;
  const wrong = code === '000000' ? '111111' : '000000';

  const tries = [];
  for (let i = 0; i < 5; i++) tries.push(await call('/apis/component/authComplete', { token: admin.token, method: 'POST', json: { state, confirmCode: wrong } }));
  const right = await call('/apis/component/authComplete', { token: admin.token, method: 'POST', json: { state, confirmCode: code } });

  expect(tries.map((r) => r.body.errcode)).toEqual([40000, 40000, 40000, 40000, 40000]);
  expect(right.body).toMatchObject({ errcode: 0, status: 'refused', reason: 'confirmCode' });
  expect(await itemsOf(`ACCOUNT#${x.appid}`)).toEqual([]);
});

describe('ownership by AppSecret: 24 hours, unless an owner answers 不是我', () => {
  const bindAs = (token: string, x: { appid: string; secret: string; token: string }) =>
    call('/apis/accounts/bindDirect', { token, form: { appid: x.appid, appsecret: x.secret, token: x.token } });

  it('holds the transfer 24 hours, then moves the account and tells the previous owners', async () => {
    // Prepare: P owns X (direct mode); Q has X's correct AppSecret
    const p = await userWithDirectAccount();
    const q = await loggedInUser();
    const x = p.account;
    const mailsBefore = (await mailsTo(p.user.email)).length;

    // Act
    const asked = await bindAs(q.token, x);
    const pending = await waitForMail(p.user.email, mailsBefore);
    const dueAt = Date.parse(asked.body.transfer.dueAt);
    const early = await sweepAt(dueAt - 60_000);
    const heldFor = await appidsOf(q.token);
    const due = await sweepAt(dueAt);
    const moved = await waitForMail(p.user.email, mailsBefore + 1);

    // Assess
    expect(asked.body).toMatchObject({ errcode: 0, account: { appid: x.appid }, transfer: { dueAt: expect.any(String) } });
    expect(dueAt - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(dueAt - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    expect(pending.subject).toMatch(/^公众号「.*」将在 24 小时后转到其他组织/);
    expect(pending.body.text).toMatch(/#\/transfer\/cancel\?appid=/);
    expect(early.outcomes[x.appid]).toBeUndefined();
    expect(heldFor).not.toContain(x.appid);
    expect(due.outcomes[x.appid]).toBe('moved');
    expect(await appidsOf(q.token)).toContain(x.appid);
    expect(await appidsOf(p.user.token)).not.toContain(x.appid);
    expect(moved.subject).toMatch(/已转到其他组织/);
  });

  it('cancels the transfer when an owner answers 不是我 with the mail’s one-time link', async () => {
    const p = await userWithDirectAccount();
    const q = await loggedInUser();
    const x = p.account;
    const mailsBefore = (await mailsTo(p.user.email)).length;

    const asked = await bindAs(q.token, x);
    const mail = await waitForMail(p.user.email, mailsBefore);
    const link = new URL((mail.body.text ?? '').match(/https?:\/\/\S+#\/transfer\/cancel\?\S+/)![0]);
    const params = Object.fromEntries(new URLSearchParams(link.hash.split('?')[1]));
    const forged = await call('/apis/accounts/cancelTransfer', { method: 'POST', json: { appid: x.appid, token: 'A'.repeat(43) } });
    const notMe = await call('/apis/accounts/cancelTransfer', { method: 'POST', json: params });
    const again = await call('/apis/accounts/cancelTransfer', { method: 'POST', json: params });
    const later = await sweepAt(Date.parse(asked.body.transfer.dueAt) + 3600_000);

    expect(forged.body.errcode).toBe(40400);
    expect(notMe.body).toEqual({ errcode: 0, msg: 'ok' });
    expect(again.body.errcode).toBe(40400);
    expect(later.outcomes[x.appid]).toBeUndefined();
    expect(await appidsOf(p.user.token)).toContain(x.appid);
    expect(await appidsOf(q.token)).not.toContain(x.appid);
  });

  it('drops the transfer when the owner reset the AppSecret within the 24 hours', async () => {
    const p = await userWithDirectAccount();
    const q = await loggedInUser();
    const x = p.account;

    const asked = await bindAs(q.token, x);
    // The owner resets the secret at WeChat: the one Q gave no longer opens the account
    await sim.fault({ path: 'cgi-bin/stable_token', appid: x.appid, errcode: 40125, errmsg: 'invalid appsecret', times: 1 });
    const due = await sweepAt(Date.parse(asked.body.transfer.dueAt));

    expect(due.outcomes[x.appid]).toBe('secretRefused');
    expect(await appidsOf(p.user.token)).toContain(x.appid);
  });
});

describe('unbinding (owners, password re-entered)', () => {
  it('refuses a wrong password; unbinds with the right one; pushes are then answered success and not stored; rules and inbox kept 30 days, given back by a re-bind', async () => {
    // Prepare: an account with a rule and one message in its inbox
    const owner = await userWithDirectAccount();
    const { appid } = owner.account;
    const add = await call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid, type: 'text', reply: { content: 'hi' }, request: 'hello' } });
    expect(add.body.errcode, add.text).toBe(0);
    await sim.send({ appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: 'before' } });
    const inboxBefore = await itemsOf(`INBOX#${appid}`);

    // Act
    const wrong = await call('/apis/accounts/unbind', { token: owner.user.token, json: { appid, password: `${owner.user.password}x` } });
    const unbound = await call('/apis/accounts/unbind', { token: owner.user.token, json: { appid, password: owner.user.password } });
    const pushed = await sim.send({ appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: 'hello' } });
    const account = (await itemsOf(`ACCOUNT#${appid}`))[0]!;
    const rules = await itemsOf(`RULES#${appid}`);
    const inbox = await itemsOf(`INBOX#${appid}`);

    // Assess
    expect(wrong.body).toMatchObject({ errcode: 40101, msg: expect.stringMatching(/^password: /) });
    expect(unbound.body).toMatchObject({ errcode: 0, appid, mode: 'direct', keptUntil: expect.any(String) });
    const until = Math.floor(Date.parse(unbound.body.keptUntil) / 1000);
    expect(until - Date.now() / 1000).toBeGreaterThan(30 * 86_400 - 120);
    expect(pushed.attempts.at(-1)).toMatchObject({ status: 200, body: 'success' });
    expect(inbox).toHaveLength(inboxBefore.length);
    expect(account).toMatchObject({ status: 'unbound', ttl: until });
    expect(account['appsecret']).toBeUndefined();
    expect(rules.map((r) => r['ttl'])).toEqual([until]);
    // An inbox message keeps its own (shorter) retention
    for (const item of inbox) expect(item['ttl']).toBeLessThanOrEqual(until);
    expect(await appidsOf(owner.user.token)).not.toContain(appid);

    // Act: re-bound within the 30 days
    const rebound = await call('/apis/accounts/bindDirect', {
      token: owner.user.token,
      form: { appid, appsecret: owner.account.secret, token: owner.account.token, encodingAESKey: owner.account.aesKey },
    });

    // Assess: the TTLs are gone (the rules' own: none)
    expect(rebound.body.errcode, rebound.text).toBe(0);
    expect((await itemsOf(`ACCOUNT#${appid}`))[0]!['ttl']).toBeUndefined();
    expect((await itemsOf(`RULES#${appid}`)).map((r) => r['ttl'])).toEqual([undefined]);
    expect((await itemsOf(`INBOX#${appid}`)).map((i) => i['ttl'])).toEqual(inboxBefore.map((i) => i['ttl']));
  });

  it('answers a component account’s pushes success after unbinding, and ignores its unauthorized push', async () => {
    const owner = await userWithComponentAccount();
    const { appid } = owner.account;

    const unbound = await call('/apis/accounts/unbind', { token: owner.user.token, json: { appid, password: owner.user.password } });
    const pushed = await sim.send({ appid, via: 'component', mode: 'safe', message: { MsgType: 'text', Content: 'hello' } });
    const revoked = await sim.unauthorize(appid);

    expect(unbound.body).toMatchObject({ errcode: 0, mode: 'component' });
    expect(pushed.attempts.at(-1)).toMatchObject({ status: 200, body: 'success' });
    expect(revoked).toMatchObject({ status: 200, body: 'success' });
    expect(await itemsOf(`INBOX#${appid}`)).toEqual([]);
    expect((await itemsOf(`ACCOUNT#${appid}`))[0]).toMatchObject({ status: 'unbound' });
  });
});
