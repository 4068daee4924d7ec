import { describe, expect, it } from 'vitest';
import { mailLimits } from '../../src/users/mail-limits';
import { aClientAddress, call } from '../support/http';
import { mailedLink, mailedToken, mailsTo, waitForMail } from '../support/mail';
import { aUser, loggedInUser } from '../support/users';

/** What a person in the console reads: the API's default language (the test client asks for English). */
const chinese = { 'accept-language': 'zh-CN' };

const login = (username: string, password: string) => call('/apis/user/login', { form: { username, password } });

describe('change password', () => {
  it('signs the other sessions out and keeps this one, tells the address, and lets only the new password in', async () => {
    const user = await loggedInUser();
    const other = await login(user.username, user.password);
    const since = (await mailsTo(user.email)).length;

    const res = await call('/apis/user/changePassword', { headers: chinese, token: user.token, form: { oldPassword: user.password, newPassword: 'the-new-secret' } });

    expect(res.body).toEqual({ errcode: 0, msg: 'ok', revoked: 1 });
    expect((await call('/apis/user/me', { token: user.token })).body.errcode).toBe(0);
    expect((await call('/apis/user/me', { token: other.body.access_token })).body.errcode).toBe(40100);
    expect((await login(user.username, user.password)).body.errcode).toBe(40101);
    expect((await login(user.username, 'the-new-secret')).body.errcode).toBe(0);
    expect((await waitForMail(user.email, since)).subject).toBe('你的 socialinzen 密码已修改');
  }, 90_000);

  it('refuses a wrong current password naming the field, changing nothing, and counts it on the login lock-out', async () => {
    const user = await loggedInUser();
    const other = await login(user.username, user.password);

    const wrong = [];
    for (let i = 0; i < 5; i++) {
      wrong.push(await call('/apis/user/changePassword', { headers: chinese, token: user.token, form: { oldPassword: `nope-${i}`, newPassword: 'the-new-secret' } }));
    }
    const locked = await call('/apis/user/changePassword', { headers: chinese, token: user.token, form: { oldPassword: user.password, newPassword: 'the-new-secret' } });

    expect(wrong[0]!.status).toBe(401);
    expect(wrong[0]!.body).toMatchObject({ errcode: 40101, field: 'oldPassword', msg: '当前密码不正确，请重新输入' });
    expect(locked.body.errcode).toBe(42900);
    expect((await call('/apis/user/me', { token: other.body.access_token })).body.errcode).toBe(0);
  }, 90_000);

  it('names newPassword when it is too short', async () => {
    const user = await loggedInUser();

    const res = await call('/apis/user/changePassword', { headers: chinese, token: user.token, form: { oldPassword: user.password, newPassword: 'short' } });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'newPassword', rule: 'minLength', limit: 8 });
    expect(res.body.msg).toBe('新密码至少 8 个字符，当前 5 个');
  }, 90_000);
});

describe('change e-mail', () => {
  it('changes nothing until the new address confirms; the old address is told and can undo it within 7 days, signing every device out', async () => {
    // Prepare
    const user = await loggedInUser();
    const newEmail = aUser().email;
    const oldSince = (await mailsTo(user.email)).length;

    // Act: ask for the change
    const asked = await call('/apis/user/changeEmail', { headers: chinese, token: user.token, form: { password: user.password, email: newEmail }, from: aClientAddress() });
    const confirmMail = await waitForMail(newEmail);
    const noticeMail = await waitForMail(user.email, oldSince);
    const before = await call('/apis/user/me', { token: user.token });

    // Assess: pending only
    expect(asked.body).toEqual({ errcode: 0, msg: 'ok', pending: newEmail });
    expect(before.body.user.email).toBe(user.email);
    expect(confirmMail.subject).toBe('确认你的 socialinzen 新邮箱');
    expect(mailedLink(confirmMail, 'confirm-email')).toContain('/#/confirm-email?token=');
    expect(noticeMail.subject).toBe('你的 socialinzen 邮箱正在被修改');
    expect(noticeMail.body.text).toContain(newEmail);
    expect(noticeMail.body.text).toContain('7 天内有效');

    // Act: confirm (twice), then log in with the same username; the old address is free
    const confirmed = await call('/apis/user/confirmEmail', { form: { token: mailedToken(confirmMail, 'confirm-email') } });
    const confirmedAgain = await call('/apis/user/confirmEmail', { form: { token: mailedToken(confirmMail, 'confirm-email') } });
    const after = await call('/apis/user/me', { token: user.token });

    expect(confirmed.body).toEqual({ errcode: 0, msg: 'ok', email: newEmail });
    expect(confirmedAgain.body.errcode).toBe(40400);
    expect(after.body.user.email).toBe(newEmail);
    const membersAfter = await call('/apis/team/members', { token: user.token });
    expect(membersAfter.body.members.map((m: { email: string }) => m.email)).toEqual([newEmail]);
    const forgotOld = await call('/apis/user/forgotPassword', { headers: chinese, form: { email: user.email }, from: aClientAddress() });
    expect(forgotOld.body.errcode).toBe(0);

    // Act: the owner undoes it from the old address's mail
    const reverted = await call('/apis/user/revertEmail', { form: { token: mailedToken(noticeMail, 'revert-email') } });
    const revertedAgain = await call('/apis/user/revertEmail', { form: { token: mailedToken(noticeMail, 'revert-email') } });
    const relogin = await login(user.username, user.password);
    const me = await call('/apis/user/me', { token: relogin.body.access_token });

    expect(reverted.body).toEqual({ errcode: 0, msg: 'ok', email: user.email });
    expect(revertedAgain.body.errcode).toBe(40400);
    expect((await call('/apis/user/me', { token: user.token })).body.errcode).toBe(40100);
    expect(me.body.user.email).toBe(user.email);
    const membersBack = await call('/apis/team/members', { token: relogin.body.access_token });
    expect(membersBack.body.members.map((m: { email: string }) => m.email)).toEqual([user.email]);
    // Only the reset asked while the new address counted went out; the old address is the user's again.
    expect((await mailsTo(user.email)).filter((m) => m.subject === '重置你的 socialinzen 密码')).toHaveLength(0);
  }, 90_000);

  it('undoing a change not yet confirmed cancels it: the confirmation link then does nothing', async () => {
    const user = await loggedInUser();
    const newEmail = aUser().email;
    const oldSince = (await mailsTo(user.email)).length;
    await call('/apis/user/changeEmail', { headers: chinese, token: user.token, form: { password: user.password, email: newEmail }, from: aClientAddress() });
    const confirmMail = await waitForMail(newEmail);
    const noticeMail = await waitForMail(user.email, oldSince);

    const reverted = await call('/apis/user/revertEmail', { form: { token: mailedToken(noticeMail, 'revert-email') } });
    const confirmed = await call('/apis/user/confirmEmail', { form: { token: mailedToken(confirmMail, 'confirm-email') } });

    expect(reverted.body).toMatchObject({ errcode: 0, email: user.email });
    expect(confirmed.status).toBe(404);
    const relogin = await login(user.username, user.password);
    expect((await call('/apis/user/me', { token: relogin.body.access_token })).body.user.email).toBe(user.email);
  }, 90_000);

  it('asks for the password again, and refuses an address another user holds', async () => {
    const user = await loggedInUser();
    const someoneElse = await loggedInUser();

    const wrong = await call('/apis/user/changeEmail', { headers: chinese, token: user.token, form: { password: 'not-it-at-all', email: aUser().email }, from: aClientAddress() });
    const taken = await call('/apis/user/changeEmail', { headers: chinese, token: user.token, form: { password: user.password, email: someoneElse.email.toUpperCase() }, from: aClientAddress() });
    const same = await call('/apis/user/changeEmail', { headers: chinese, token: user.token, form: { password: user.password, email: user.email }, from: aClientAddress() });

    expect(wrong.body).toMatchObject({ errcode: 40101, field: 'password', msg: '密码不正确，请重新输入' });
    expect(taken.body).toMatchObject({ errcode: 40900, field: 'email', rule: 'email.taken', msg: '这个邮箱已被其他账号使用：请换一个邮箱' });
    expect(same.body).toMatchObject({ errcode: 40000, field: 'email', rule: 'email.same', msg: '新邮箱与当前邮箱相同：请填写另一个邮箱' });
  }, 90_000);

  it('limits change mails per new address (3 an hour) and per client (10 an hour)', async () => {
    const user = await loggedInUser();
    const target = aUser().email;
    const perAddress = [];
    for (let i = 0; i <= mailLimits.emailPerAddress.limit; i++) {
      perAddress.push(await call('/apis/user/changeEmail', { headers: chinese, token: user.token, form: { password: user.password, email: target }, from: aClientAddress() }));
    }
    const client = aClientAddress();
    const perClient = [];
    for (let i = 0; i <= mailLimits.emailPerClient.limit; i++) {
      perClient.push(await call('/apis/user/changeEmail', { headers: chinese, token: user.token, form: { password: user.password, email: aUser().email }, from: client }));
    }

    expect(perAddress.map((r) => r.body.errcode)).toEqual([0, 0, 0, 42900]);
    expect(perClient.slice(0, -1).every((r) => r.body.errcode === 0)).toBe(true);
    expect(perClient.at(-1)!.body.errcode).toBe(42900);
    expect(await mailsTo(target)).toHaveLength(mailLimits.emailPerAddress.limit);
  }, 90_000);
});
