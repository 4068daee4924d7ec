import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../src/core/security/passwords';
import { migrateUsernameKeys } from '../../src/users/data/migrate-username-keys';
import { testDb } from '../support/dynamo';
import { call, type ApiResponse } from '../support/http';
import { mailsTo, verificationLink, waitForMail } from '../support/mail';
import { aUser, registerVerifiedUser, type TestUser } from '../support/users';

/** What a person in the console reads: the API's default language (the test client asks for English). */
const chinese = { 'accept-language': 'zh-CN' };

/**
 * Issue 22 item 6, over HTTP against the local stack: lookalike usernames, e-mail squatting, and a
 * registration that does not tell whether an address is registered. "24 hours later" is made by
 * ageing the registration's item in DynamoDB Local, not by waiting.
 */
const register = (user: TestUser) => call('/apis/user/register', { headers: chinese, form: { ...user } });
const login = (user: Pick<TestUser, 'username' | 'password'>) => call('/apis/user/login', { form: { username: user.username, password: user.password } });
const tag = () => randomBytes(4).toString('hex').replace(/[01]/g, 'x');

const getItem = async (pk: string, sk: string) =>
  (await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: { pk, sk }, ConsistentRead: true }))).Item;

/** Moves a registration back in time: its createdAt 25 hours earlier. */
const ageRegistration = async (userId: string) => {
  await testDb().send(
    new UpdateCommand({
      TableName: inject('tableName'),
      Key: { pk: `USER#${userId}`, sk: 'PROFILE' },
      UpdateExpression: 'SET createdAt = :old',
      ExpressionAttributeValues: { ':old': new Date(Date.now() - 25 * 3600_000).toISOString() },
    }),
  );
};

const expectNewRegistrationAnswer = (res: ApiResponse, username: string) => {
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ errcode: 0, msg: '注册成功：请打开验证邮件中的链接完成注册', user: { id: expect.any(String), username } });
};

describe('usernames that look alike', () => {
  it('refuses Cyrillic, full-width and mathematical bold lookalikes of a registered name, naming the characters allowed', async () => {
    const name = `wang_${tag()}`;
    await register(aUser({ username: name }));

    const cyrillic = await register(aUser({ username: name.replace('a', '\u0430') }));
    const fullWidth = await register(aUser({ username: name.replace(/[a-z]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)) }));
    const bold = await register(aUser({ username: name.replace(/[a-z]/g, (c) => String.fromCodePoint(0x1d41a + c.codePointAt(0)! - 0x61)) }));

    for (const res of [cyrillic, bold]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errcode: 40000, field: 'username', rule: 'format.username', msg: '用户名只能包含汉字、英文字母、数字 0-9 和 _ . -' });
    }
    expect(fullWidth.body).toMatchObject({ errcode: 40000, field: 'username', rule: 'username.ordinaryForm', msg: expect.stringMatching(/全角/) });
  });

  it('refuses lookalikes inside the allowed characters by the confusable skeleton: rn for m, 1 for l, ɑ for a, other case', async () => {
    const t = tag();
    await register(aUser({ username: `mall_${t}` }));

    const answers = await Promise.all([`rnall_${t}`, `ma1l_${t}`, `m\u0251ll_${t}`, `MALL_${t}`, `Mall_${t}`].map((username) => register(aUser({ username }))));
    const different = await register(aUser({ username: `mill_${t}` }));

    expect(answers.map((a) => a.body.errcode)).toEqual([40900, 40900, 40900, 40900, 40900]);
    expect(answers[0]!.body).toMatchObject({ field: 'username', rule: 'username.lookalike' });
    expect(different.body.errcode).toBe(0);
  });

  it('accepts Chinese usernames and keeps them apart from each other', async () => {
    const t = tag();
    const first = await register(aUser({ username: `王小明${t}` }));
    const second = await register(aUser({ username: `王小朋${t}` }));
    const again = await register(aUser({ username: `王小明${t}` }));

    expect(first.body.errcode).toBe(0);
    expect(second.body.errcode).toBe(0);
    expect(again.body.errcode).toBe(40900);
  });

  it('keeps an existing colliding pair logging in by their exact names, and the migration guards their name against a third', async () => {
    // Prepare: two users from before the guard whose names collide (Latin and Cyrillic а), as the old code stored them.
    const t = tag();
    const pair = [`legacy_${t}`, `leg\u0430cy_${t}`].map((username) => ({ id: randomUUID(), username, password: `pw-${t}-legacy`, email: `${randomUUID()}@example.com` }));
    for (const u of pair) {
      const item = { type: 'user', id: u.id, username: u.username, email: u.email, passwordHash: await hashPassword(u.password), verified: true, createdAt: new Date().toISOString() };
      await testDb().send(new PutCommand({ TableName: inject('tableName'), Item: { pk: `USER#${u.id}`, sk: 'PROFILE', ...item } }));
      await testDb().send(new PutCommand({ TableName: inject('tableName'), Item: { pk: `USERNAME#${u.username.toLowerCase()}`, sk: 'USERNAME', type: 'username', userId: u.id } }));
      await testDb().send(new PutCommand({ TableName: inject('tableName'), Item: { pk: `EMAIL#${u.email}`, sk: 'EMAIL', type: 'email', userId: u.id } }));
    }

    // Act
    const migrated = await migrateUsernameKeys();
    const logins = await Promise.all(pair.map(login));
    const third = await register(aUser({ username: `1egacy_${t}` }));

    // Assess
    expect(migrated.collisions).toBeGreaterThanOrEqual(1);
    expect(logins.map((l) => [l.status, l.body.errcode, l.body.user?.username])).toEqual(pair.map((u) => [200, 0, u.username]));
    expect(third.body).toMatchObject({ errcode: 40900, field: 'username', rule: 'username.lookalike' });
  });
});

describe('e-mail squatting', () => {
  it('an attacker registering the victim\'s address first does not block the victim: the victim gets a link, verifies and logs in; the squatter is gone', async () => {
    const victim = aUser();
    const attacker = aUser({ email: victim.email });
    const squat = await register(attacker);

    const answer = await register(victim);
    const mails = await mailsTo(victim.email);
    const link = verificationLink((await waitForMail(victim.email, 1))!);
    const verified = await call(link.replace(/^https?:\/\/[^/]+/, ''));

    expect(squat.body.errcode).toBe(0);
    expectNewRegistrationAnswer(answer, victim.username);
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect((await waitForMail(victim.email, 1)).body.text).toContain(victim.username);
    expect(verified.body).toMatchObject({ errcode: 0 });
    expect((await login(victim)).body).toMatchObject({ errcode: 0, user: { username: victim.username } });
    expect((await getItem(`EMAIL#${victim.email}`, 'EMAIL'))?.['userId']).toBe(answer.body.user.id);
    expect(await getItem(`USER#${squat.body.user.id}`, 'PROFILE')).toBeUndefined();
    expect((await login(attacker)).body.errcode).toBe(40101);
  });

  it('after 24 hours an unverified registration holds neither address nor username: a new one takes them and the old one is removed', async () => {
    const victim = aUser();
    const attacker = aUser({ email: victim.email });
    const squat = await register(attacker);
    await ageRegistration(squat.body.user.id);

    const answer = await register(victim);
    const sameName = await register(aUser({ username: attacker.username }));

    expectNewRegistrationAnswer(answer, victim.username);
    // The address is the victim's registration's at once, before any link is followed.
    expect((await getItem(`EMAIL#${victim.email}`, 'EMAIL'))?.['userId']).toBe(answer.body.user.id);
    expect(await getItem(`USER#${squat.body.user.id}`, 'PROFILE')).toBeUndefined();
    expect(sameName.body.errcode).toBe(0);
    const link = verificationLink(await waitForMail(victim.email, 1));
    expect((await call(link.replace(/^https?:\/\/[^/]+/, ''))).body.errcode).toBe(0);
    expect((await login(victim)).body.errcode).toBe(0);
  });

  it('within 24 hours a later registration does not take the username of an unverified one', async () => {
    const first = aUser();
    await register(first);

    const again = await register(aUser({ username: first.username }));

    expect(again.body).toMatchObject({ errcode: 40900, field: 'username', rule: 'username.taken' });
  });

  it('a verified address wins: the link of the registration that lost it fails clearly, whichever verified first', async () => {
    // Prepare: two unverified registrations naming one address (the second does not hold it), each mailed a link.
    const address = `${tag()}@example.com`;
    const a = aUser({ email: address });
    const b = aUser({ email: address });
    await register(a);
    const linkA = verificationLink(await waitForMail(address, 0));
    await register(b);
    const linkB = verificationLink(await waitForMail(address, 1));
    expect(linkB).not.toBe(linkA);

    // Act: B proves the address first.
    const first = await call(linkB.replace(/^https?:\/\/[^/]+/, ''));
    const late = await call(linkA.replace(/^https?:\/\/[^/]+/, ''));

    // Assess
    expect(first.body.errcode).toBe(0);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ errcode: 40900, field: 'token' });
    expect((await login(b)).body.errcode).toBe(0);
  });

  it('a registration made while a verified account has the address can never verify it', async () => {
    // Prepare: A holds the address unverified, B registers it too (and gets a link), then A verifies.
    const address = `${tag()}@example.com`;
    const a = aUser({ email: address });
    const b = aUser({ email: address });
    await register(a);
    const linkA = verificationLink(await waitForMail(address, 0));
    await register(b);
    const linkB = verificationLink(await waitForMail(address, 1));

    const verifiedA = await call(linkA.replace(/^https?:\/\/[^/]+/, ''));
    const lateB = await call(linkB.replace(/^https?:\/\/[^/]+/, ''));

    expect(verifiedA.body.errcode).toBe(0);
    expect(lateB.body).toMatchObject({ errcode: 40900, field: 'token' });
    expect((await getItem(`EMAIL#${address}`, 'EMAIL'))?.['userId']).toBeDefined();
    expect((await login(b)).body.errcode).toBe(40102);
  });
});

describe('registering an address that is in use', () => {
  it('answers exactly like a new registration (status, body, timing class) and mails the owner a notice in Chinese first', async () => {
    const owner = await registerVerifiedUser();
    const before = (await mailsTo(owner.email)).length;
    const timings: { fresh: number[]; used: number[] } = { fresh: [], used: [] };

    // Act: alternate registrations of fresh addresses and of the owner's address.
    const answers: { fresh: ApiResponse[]; used: ApiResponse[] } = { fresh: [], used: [] };
    for (let i = 0; i < 3; i += 1) {
      for (const kind of ['fresh', 'used'] as const) {
        const user = aUser(kind === 'used' ? { email: owner.email.toUpperCase() } : {});
        const started = performance.now();
        const res = await register(user);
        timings[kind].push(performance.now() - started);
        answers[kind].push(res);
        expectNewRegistrationAnswer(res, user.username);
      }
    }
    const notice = await waitForMail(owner.email, before);

    // Assess
    const shape = (r: ApiResponse) => [r.status, Object.keys(r.body).sort(), Object.keys(r.body.user).sort(), r.body.msg, r.headers.get('content-type')];
    expect(answers.used.map(shape)).toEqual(answers.fresh.map(shape));
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1]!;
    console.log(`[sign-up] register median: new address ${median(timings.fresh).toFixed(0)} ms, address in use ${median(timings.used).toFixed(0)} ms`);
    // Same work on both paths (reads, one transaction, one mail): the same class, within the noise of a shared machine.
    const ratio = median(timings.used) / median(timings.fresh);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    expect(notice.subject).toMatch(/^有人使用你的邮箱注册/);
    expect(notice.body.text).toMatch(/^你好，/);
    expect(notice.body.text).toContain(owner.username);
    expect(notice.body.text).not.toMatch(/apis\/user\/verify/);
    // The owner keeps the address and logs in as before; the newcomers are unverified as any new registration.
    expect((await getItem(`EMAIL#${owner.email}`, 'EMAIL'))?.['userId']).toBeDefined();
    expect((await login(owner)).body.errcode).toBe(0);
  });

  it('logs the newcomer in no further than any unverified registration (40102 with the right password)', async () => {
    const owner = await registerVerifiedUser();
    const newcomer = aUser({ email: owner.email });
    await register(newcomer);

    expect((await login(newcomer)).body.errcode).toBe(40102);
    expect((await login({ ...newcomer, password: 'wrong-password-1' })).body.errcode).toBe(40101);
  });
});
