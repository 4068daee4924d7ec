import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { mailsTo } from '../support/mail';
import { invite, memberOf, ownOrganization } from '../support/team';
import { aUser, loggedInUser, registerVerifiedUser, type LoggedInUser } from '../support/users';

const login = async (user: { username: string; password: string }) => {
  const res = await call('/apis/user/login', { form: { username: user.username, password: user.password } });
  expect(res.body.errcode, res.text).toBe(0);
  return res.body.access_token as string;
};

describe('members of an organization', () => {
  let owner: LoggedInUser;
  let orgId: string;

  beforeAll(async () => {
    owner = await loggedInUser();
    orgId = await ownOrganization(owner);
  });

  it('lists the organizations of a user with their role, and the members of one', async () => {
    // Prepare
    const editor = await memberOf(owner, orgId, 'editor');

    // Act
    const organizations = await call('/apis/team/organizations', { token: editor.token });
    const members = await call('/apis/team/members', { token: editor.token, headers: { 'x-org': orgId } });

    // Assess: their own (the default) and the one they joined.
    expect(organizations.body.organizations).toHaveLength(2);
    expect(organizations.body.organizations).toContainEqual({ orgId, name: owner.username, role: 'editor', default: false });
    expect(organizations.body.organizations).toContainEqual(expect.objectContaining({ role: 'owner', default: true }));
    expect(members.body.members.map((m: { username: string; role: string }) => [m.username, m.role])).toEqual([
      [owner.username, 'owner'],
      [editor.username, 'editor'],
    ]);
  });

  it('refuses a removed member at once, in every session of theirs, while their own organization still answers', async () => {
    // Prepare: a member with two sessions, both able to read the organization.
    const member = await memberOf(owner, orgId, 'operator');
    const second = await login(member);
    for (const token of [member.token, second]) {
      expect((await call('/apis/team/members', { token, headers: { 'x-org': orgId } })).body.errcode).toBe(0);
    }

    // Act
    const removed = await call('/apis/team/removeMember', { token: owner.token, headers: { 'x-org': orgId }, form: { userId: member.id } });

    // Assess
    expect(removed.body.errcode, removed.text).toBe(0);
    for (const token of [member.token, second]) {
      const res = await call('/apis/team/members', { token, headers: { 'x-org': orgId } });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ errcode: 40301, need: 'viewer' });
      // Their own organization (the session's default) is untouched.
      expect((await call('/apis/user/me', { token })).body.errcode).toBe(0);
    }
  });

  it('changes a role with effect on the next request', async () => {
    // Prepare
    const member = await memberOf(owner, orgId, 'viewer');
    const before = await call('/apis/team/invite', { token: member.token, headers: { 'x-org': orgId }, form: { email: 'x@example.com', role: 'viewer' } });
    expect(before.body).toMatchObject({ errcode: 40301, need: 'owner' });

    // Act
    const changed = await call('/apis/team/updateMember', { token: owner.token, headers: { 'x-org': orgId }, form: { userId: member.id, role: 'owner' } });

    // Assess
    expect(changed.body).toMatchObject({ errcode: 0, member: { userId: member.id, role: 'owner' } });
    const after = await call('/apis/team/members', { token: member.token, headers: { 'x-org': orgId } });
    expect(after.body.errcode).toBe(0);
  });

  it('keeps the last owner: they can neither leave nor be demoted; with another owner they can leave', async () => {
    // Prepare: an organization of its own with one owner and an admin.
    const solo = await loggedInUser();
    const soloOrg = await ownOrganization(solo);
    const admin = await memberOf(solo, soloOrg, 'admin');

    // Act + Assess: the last owner stays.
    const leave = await call('/apis/team/leave', { token: solo.token, headers: { 'x-org': soloOrg }, form: {} });
    expect(leave.status).toBe(409);
    expect(leave.body).toMatchObject({ errcode: 40900 });
    expect(leave.body.msg).toMatch(/last owner/);
    const demote = await call('/apis/team/updateMember', { token: solo.token, headers: { 'x-org': soloOrg }, form: { userId: solo.id, role: 'admin' } });
    expect(demote.body).toMatchObject({ errcode: 40900 });
    const remove = await call('/apis/team/removeMember', { token: solo.token, headers: { 'x-org': soloOrg }, form: { userId: solo.id } });
    expect(remove.body).toMatchObject({ errcode: 40900 });

    // Act + Assess: with a second owner, the first may go.
    expect((await call('/apis/team/updateMember', { token: solo.token, headers: { 'x-org': soloOrg }, form: { userId: admin.id, role: 'owner' } })).body.errcode).toBe(0);
    const left = await call('/apis/team/leave', { token: solo.token, headers: { 'x-org': soloOrg }, form: {} });
    expect(left.body.errcode, left.text).toBe(0);
    expect((await call('/apis/team/members', { token: solo.token, headers: { 'x-org': soloOrg } })).body.errcode).toBe(40301);
  });

  it('refuses an organization one is not in, named by header or field, and a malformed one', async () => {
    // Prepare: a stranger's organization.
    const stranger = await loggedInUser();
    const strangerOrg = await ownOrganization(stranger);

    // Act
    const named = await call('/apis/team/members', { token: owner.token, headers: { 'x-org': strangerOrg } });
    const viaField = await call('/apis/team/members', { token: owner.token, query: { orgId: strangerOrg } });
    const malformed = await call('/apis/team/members', { token: owner.token, headers: { 'x-org': 'not an id!' } });

    // Assess
    expect(named.body).toMatchObject({ errcode: 40301 });
    expect(viaField.body).toMatchObject({ errcode: 40301 });
    expect(malformed.body).toMatchObject({ errcode: 40000 });
    expect(malformed.body).toMatchObject({ field: 'orgId', rule: 'org.invalid' });
  });

  it('asks a member of several organizations without a default which one (40000 naming orgId)', async () => {
    // Prepare: a member of two organizations whose profile has no default (as before the migration set one).
    const member = await memberOf(owner, orgId, 'viewer');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { testDb } = await import('../support/dynamo');
    const { inject } = await import('vitest');
    await testDb().send(new UpdateCommand({ TableName: inject('tableName'), Key: { pk: `USER#${member.id}`, sk: 'PROFILE' }, UpdateExpression: 'REMOVE defaultOrgId' }));
    const token = await login(member);

    // Act
    const unnamed = await call('/apis/team/members', { token });
    const named = await call('/apis/team/members', { token, headers: { 'x-org': orgId } });

    // Assess
    expect(unnamed.status).toBe(400);
    expect(unnamed.body).toMatchObject({ errcode: 40000 });
    expect(unnamed.body).toMatchObject({ field: 'orgId', rule: 'org.choose' });
    expect(named.body.errcode).toBe(0);
  });
});

describe('invitations', () => {
  let owner: LoggedInUser;
  let orgId: string;

  beforeAll(async () => {
    owner = await loggedInUser();
    orgId = await ownOrganization(owner);
  });

  it('mails a link in Simplified Chinese first, then English, HTML and text, valid 7 days', async () => {
    // Prepare
    const email = aUser().email;

    // Act
    const res = await call('/apis/team/invite', { token: owner.token, headers: { 'x-org': orgId }, form: { email, role: 'editor' } });

    // Assess
    expect(res.body.errcode, res.text).toBe(0);
    const days = (Date.parse(res.body.invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const [mail] = await mailsTo(email);
    const text = mail!.body.text!;
    expect(text.indexOf('邀请你')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('邀请你')).toBeLessThan(text.indexOf('invites you'));
    expect(text).toContain('编辑');
    expect(mail!.body.html).toContain('lang="zh-CN"');
    expect(mail!.body.html).toContain('#/invite?token=');
  });

  it('is single use', async () => {
    // Prepare
    const invitee = await loggedInUser();
    const token = await invite(owner, orgId, invitee.email, 'viewer');

    // Act
    const first = await call('/apis/team/accept', { token: invitee.token, form: { token } });
    const second = await call('/apis/team/accept', { token: invitee.token, form: { token } });

    // Assess
    expect(first.body).toMatchObject({ errcode: 0, organization: { orgId, role: 'viewer' } });
    expect(second.status).toBe(404);
    expect(second.body).toMatchObject({ errcode: 40400 });
    expect(second.body.field).toBe('token');
  });

  it('refuses a forwarded link to another login, and still works for the invited address', async () => {
    // Prepare
    const invitee = await loggedInUser();
    const forwardedTo = await loggedInUser();
    const token = await invite(owner, orgId, invitee.email, 'editor');

    // Act
    const forwarded = await call('/apis/team/accept', { token: forwardedTo.token, form: { token } });
    const own = await call('/apis/team/accept', { token: invitee.token, form: { token } });

    // Assess
    expect(forwarded.status).toBe(403);
    expect(forwarded.body).toMatchObject({ errcode: 40300 });
    expect(forwarded.body.msg).toMatch(/another e-mail address/);
    expect((await call('/apis/team/members', { token: forwardedTo.token, headers: { 'x-org': orgId } })).body.errcode).toBe(40301);
    expect(own.body.errcode, own.text).toBe(0);
  });

  it('expires after 7 days', async () => {
    // Prepare: an invitation whose 7 days are over (its expiry moved into the past in the table).
    const invitee = await loggedInUser();
    const token = await invite(owner, orgId, invitee.email, 'editor');
    const { hashToken } = await import('../../src/core/security/tokens');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { testDb } = await import('../support/dynamo');
    const { inject } = await import('vitest');
    await testDb().send(
      new UpdateCommand({
        TableName: inject('tableName'),
        Key: { pk: `INVITE#${hashToken(token)}`, sk: 'INVITE' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );

    // Act
    const res = await call('/apis/team/accept', { token: invitee.token, form: { token } });

    // Assess
    expect(res.body).toMatchObject({ errcode: 40400 });
  });

  it('lets an invitee without a login register through it: verified by the link, a member at once', async () => {
    // Prepare
    const newcomer = aUser();
    const token = await invite(owner, orgId, newcomer.email, 'operator');

    // Act
    const registered = await call('/apis/user/register', { form: { ...newcomer, invitation: token } });

    // Assess: no verification mail needed; the login lands in the inviting organization.
    expect(registered.body.errcode, registered.text).toBe(0);
    const accessToken = await login(newcomer);
    const orgs = await call('/apis/team/organizations', { token: accessToken });
    expect(orgs.body.organizations).toContainEqual({ orgId, name: owner.username, role: 'operator', default: true });
    // Without naming one, its requests act in the inviting organization (the default).
    const members = await call('/apis/team/members', { token: accessToken });
    expect(members.body.members.map((m: { email: string }) => m.email)).toContain(newcomer.email);
    // Spent by the registration.
    const again = await call('/apis/user/register', { form: { ...aUser({ email: newcomer.email.replace('@', '+2@') }), invitation: token } });
    expect(again.body.errcode).not.toBe(0);
  });

  it('refuses a registration through a link sent to another address', async () => {
    // Prepare
    const token = await invite(owner, orgId, aUser().email, 'viewer');
    const other = aUser();

    // Act
    const res = await call('/apis/user/register', { form: { ...other, invitation: token } });

    // Assess: nothing created (the username stays free).
    expect(res.body).toMatchObject({ errcode: 40300 });
    await registerVerifiedUser(other);
  });
});
