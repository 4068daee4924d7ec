import { describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { aUser } from '../support/users';

const register = (form: Record<string, string>) => call('/apis/user/register', { form });

describe('registration uniqueness under concurrency', () => {
  it('lets exactly one of 20 concurrent registrations of one username through', async () => {
    // Prepare: one username, 20 different e-mails
    const base = aUser();
    const attempts = Array.from({ length: 20 }, (_, i) => ({ ...base, email: `${i}-${base.email}` }));

    // Act
    const answers = await Promise.all(attempts.map((a) => register({ ...a })));

    // Assess
    const codes = answers.map((a) => a.body.errcode).sort();
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 40900)).toHaveLength(19);
    for (const a of answers.filter((a) => a.body.errcode !== 0)) {
      expect(a.status).toBe(409);
      expect(a.body.field).toBe('username');
    }
  });

  it('lets exactly one of 20 concurrent registrations of one e-mail in different case through', async () => {
    const base = aUser();
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const email = i % 2 ? base.email.toUpperCase() : base.email.replace(/^./, (c) => c.toUpperCase());
      return { ...base, username: `${base.username}_${i}`, email };
    });

    const answers = await Promise.all(attempts.map((a) => register({ ...a })));

    const codes = answers.map((a) => a.body.errcode);
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 40900)).toHaveLength(19);
    for (const a of answers.filter((a) => a.body.errcode !== 0)) expect(a.body.field).toBe('email');
  });

  it('treats usernames case-insensitively', async () => {
    const user = aUser();
    await register({ ...user });

    const again = await register({ ...aUser(), username: user.username.toUpperCase() });

    expect(again.body).toMatchObject({ errcode: 40900, msg: 'username: already taken' });
  });
});
