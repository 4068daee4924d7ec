import { describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { aUser, loggedInUser, type LoggedInUser } from '../support/users';

/** A second login of the same user, from another browser. */
const loginAgain = async (user: LoggedInUser, userAgent: string): Promise<string> => {
  const res = await call('/apis/user/login', {
    form: { username: user.username, password: user.password },
    headers: { 'user-agent': userAgent },
  });
  expect(res.body).toMatchObject({ errcode: 0 });
  return res.body.access_token as string;
};

describe('a user\'s sessions', () => {
  it('lists the user\'s own sessions, newest first, with the browser that opened each and which one is asking', async () => {
    // Prepare: three logins of one user, and another user's
    const user = await loggedInUser();
    const phone = await loginAgain(user, 'Mozilla/5.0 (iPhone) MicroMessenger/8.0');
    const laptop = await loginAgain(user, 'Mozilla/5.0 (Macintosh) Chrome/130');
    const stranger = await loggedInUser(aUser());

    // Act
    const listed = await call('/apis/user/sessions', { token: phone });

    // Assess
    expect(listed.status).toBe(200);
    const sessions = listed.body.sessions as { id: string; createdAt: string; expiresAt: string; userAgent?: string; current: boolean }[];
    expect(sessions).toHaveLength(3);
    expect(sessions.map((s) => s.createdAt)).toEqual([...sessions.map((s) => s.createdAt)].sort().reverse());
    expect(sessions.filter((s) => s.current).map((s) => s.userAgent)).toEqual(['Mozilla/5.0 (iPhone) MicroMessenger/8.0']);
    expect(sessions.map((s) => s.userAgent)).toContain('Mozilla/5.0 (Macintosh) Chrome/130');
    for (const s of sessions) {
      expect(s.id).toMatch(/^[0-9a-f]{16}$/);
      // A week after it was opened (the end is kept in whole seconds).
      const lifetime = Date.parse(s.expiresAt) - Date.parse(s.createdAt);
      expect(lifetime).toBeGreaterThan(7 * 24 * 3600 * 1000 - 1000);
      expect(lifetime).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);
    }
    // No token, nor anything a token could be made from, is listed.
    for (const token of [user.token, phone, laptop]) expect(listed.text).not.toContain(token);
    const others = await call('/apis/user/sessions', { token: stranger.token });
    expect(others.body.sessions).toHaveLength(1);
    expect(others.body.sessions[0].id).not.toBe(sessions[0]!.id);
  });

  it('signs out everywhere else: the other sessions are refused at once, the asking one goes on', async () => {
    // Prepare
    const user = await loggedInUser();
    const other = await loginAgain(user, 'another browser');
    const third = await loginAgain(user, 'a third browser');

    // Act
    const revoked = await call('/apis/user/revokeSessions', { token: user.token, form: {} });

    // Assess
    expect(revoked.body).toEqual({ errcode: 0, msg: 'ok', revoked: 2 });
    for (const token of [other, third]) expect((await call('/apis/user/me', { token })).body.errcode).toBe(40100);
    expect((await call('/apis/user/me', { token: user.token })).body.errcode).toBe(0);
    const left = await call('/apis/user/sessions', { token: user.token });
    expect(left.body.sessions).toHaveLength(1);
    expect(left.body.sessions[0].current).toBe(true);
  });

  it('signs out of every session, this one too, with all', async () => {
    // Prepare
    const user = await loggedInUser();
    const other = await loginAgain(user, 'another browser');

    // Act
    const revoked = await call('/apis/user/revokeSessions', { token: user.token, json: { all: true } });

    // Assess
    expect(revoked.body).toMatchObject({ errcode: 0, revoked: 2 });
    for (const token of [user.token, other]) expect((await call('/apis/user/me', { token })).body.errcode).toBe(40100);
  });

  it('answers 40000 naming `all` when it is not a yes or no', async () => {
    const user = await loggedInUser();
    const res = await call('/apis/user/revokeSessions', { token: user.token, json: { all: 'everything' } });
    expect(res.status).toBe(400);
    expect(res.body.errcode).toBe(40000);
    expect(res.body.field).toBe('all');
    expect((await call('/apis/user/me', { token: user.token })).body.errcode).toBe(0);
  });
});
