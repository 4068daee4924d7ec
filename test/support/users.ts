import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { call } from './http';
import { verificationLink, waitForMail } from './mail';

export interface TestUser {
  username: string;
  password: string;
  email: string;
}

export interface LoggedInUser extends TestUser {
  id: string;
  token: string;
}

/** Fresh, unique credentials. */
export const aUser = (overrides: Partial<TestUser> = {}): TestUser => {
  const tag = randomBytes(5).toString('hex');
  return { username: `u_${tag}`, password: `pw-${tag}-secret`, email: `${tag}@example.com`, ...overrides };
};

export const registerUser = async (user: TestUser = aUser()): Promise<TestUser> => {
  const res = await call('/apis/user/register', { form: { ...user } });
  expect(res.body).toMatchObject({ errcode: 0 });
  return user;
};

export const registerVerifiedUser = async (user: TestUser = aUser()): Promise<TestUser> => {
  await registerUser(user);
  const link = verificationLink(await waitForMail(user.email));
  const verified = await fetch(link);
  expect(verified.status).toBe(200);
  return user;
};

export const loggedInUser = async (user: TestUser = aUser()): Promise<LoggedInUser> => {
  await registerVerifiedUser(user);
  const res = await call('/apis/user/login', { form: { username: user.username, password: user.password } });
  expect(res.body).toMatchObject({ errcode: 0 });
  return { ...user, id: res.body.user.id, token: res.body.access_token };
};
