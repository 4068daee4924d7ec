import { describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { aUser, registerVerifiedUser } from '../support/users';

const login = (username: string, password: string) => call('/apis/user/login', { form: { username, password } });

describe('login lock-out', () => {
  it('gives an unknown username and a wrong password the same 40101 answer', async () => {
    const user = await registerVerifiedUser();

    const wrongPassword = await login(user.username, 'not-the-password');
    const unknownUser = await login(`${user.username}_nobody`, 'not-the-password');

    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body).toEqual({ errcode: 40101, msg: 'wrong username or password' });
    expect(unknownUser.body).toEqual(wrongPassword.body);
  });

  it('locks a username for 15 minutes after 5 wrong passwords, even against the right one', async () => {
    // Prepare
    const user = await registerVerifiedUser();

    // Act: 5 concurrent wrong passwords, then the right one
    const wrong = await Promise.all(Array.from({ length: 5 }, () => login(user.username, 'wrong-password')));
    const right = await login(user.username, user.password);

    // Assess
    expect(wrong.map((r) => r.body.errcode)).toEqual([40101, 40101, 40101, 40101, 40101]);
    expect(right.status).toBe(429);
    expect(right.body.errcode).toBe(42900);
    expect(right.body.retry_after).toBeGreaterThan(14 * 60);
    expect(right.body.retry_after).toBeLessThanOrEqual(15 * 60);
    expect(Number(right.headers.get('retry-after'))).toBe(right.body.retry_after);
  });

  it('does not lock after 4 wrong passwords, and a success resets the count', async () => {
    const user = await registerVerifiedUser();
    for (let i = 0; i < 4; i++) expect((await login(user.username, 'wrong')).body.errcode).toBe(40101);

    const success = await login(user.username, user.password);
    for (let i = 0; i < 4; i++) expect((await login(user.username, 'wrong')).body.errcode).toBe(40101);
    const stillOpen = await login(user.username, user.password);

    expect(success.body.errcode).toBe(0);
    expect(stillOpen.body.errcode).toBe(0);
  });

  it('locks unknown usernames the same way, so the lock reveals nothing', async () => {
    const { username } = aUser();
    for (let i = 0; i < 5; i++) await login(username, 'whatever-pass');

    const sixth = await login(username, 'whatever-pass');

    expect(sixth.body.errcode).toBe(42900);
  });
});
