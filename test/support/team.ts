import { expect } from 'vitest';
import type { Role } from '../../src/core/route';
import { call } from './http';
import { waitForMail, mailsTo } from './mail';
import { aUser, loggedInUser, type LoggedInUser } from './users';

/** The organization a user founded at registration (their only one, until they join another). */
export const ownOrganization = async (user: LoggedInUser): Promise<string> => {
  const res = await call('/apis/team/organizations', { token: user.token });
  expect(res.body.errcode, res.text).toBe(0);
  const own = res.body.organizations.find((o: { role: string; default: boolean }) => o.default);
  expect(own, res.text).toBeDefined();
  return own.orgId as string;
};

/** The invitation link's token in the newest invitation mail to `email`. */
export const invitationToken = async (email: string, since = 0): Promise<string> => {
  const mail = await waitForMail(email, since);
  const token = (mail.body.text ?? '').match(/#\/invite\?token=([\w%-]+)/)?.[1];
  if (!token) throw new Error(`no invitation link in: ${mail.body.text}`);
  return decodeURIComponent(token);
};

/** The owner invites `email` with `role`, and answers the mailed token. */
export const invite = async (owner: LoggedInUser, orgId: string, email: string, role: Role): Promise<string> => {
  const since = (await mailsTo(email)).length;
  const res = await call('/apis/team/invite', { token: owner.token, headers: { 'x-org': orgId }, form: { email, role } });
  expect(res.body.errcode, res.text).toBe(0);
  return invitationToken(email, since);
};

/** A new signed-in user who is a member of `orgId` with `role` (invited by `owner`, accepted). */
export const memberOf = async (owner: LoggedInUser, orgId: string, role: Role): Promise<LoggedInUser> => {
  const member = await loggedInUser(aUser());
  const token = await invite(owner, orgId, member.email, role);
  const res = await call('/apis/team/accept', { token: member.token, form: { token } });
  expect(res.body.errcode, res.text).toBe(0);
  return member;
};
