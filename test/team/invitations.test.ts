import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { invite, ownOrganization } from '../support/team';
import { aUser, loggedInUser, type LoggedInUser } from '../support/users';

/** Pending invitations (issue 28): the owner sees who has not accepted yet, and can withdraw a link. */
describe('pending invitations', () => {
  let owner: LoggedInUser;
  let orgId: string;

  beforeAll(async () => {
    owner = await loggedInUser();
    orgId = await ownOrganization(owner);
  });

  const pending = async () => {
    const res = await call('/apis/team/invitations', { token: owner.token, headers: { 'x-org': orgId } });
    expect(res.body.errcode, res.text).toBe(0);
    return res.body.invitations as { invitationId: string; email: string; role: string; invitedBy: string; expiresAt: string }[];
  };

  it('lists the invitations waiting for their addressee, and drops one once accepted', async () => {
    // Prepare
    const waiting = aUser();
    const accepting = await loggedInUser();
    await invite(owner, orgId, waiting.email, 'editor');
    const token = await invite(owner, orgId, accepting.email, 'viewer');

    // Act
    const before = await pending();
    const accepted = await call('/apis/team/accept', { token: accepting.token, form: { token } });
    const after = await pending();

    // Assess
    expect(accepted.body.errcode, accepted.text).toBe(0);
    expect(before.map((i) => i.email)).toEqual([accepting.email, waiting.email]);
    expect(before[1]).toMatchObject({ role: 'editor', invitedBy: owner.username });
    expect(Date.parse(before[1]!.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(after.map((i) => i.email)).toEqual([waiting.email]);
    // The list never shows the link itself.
    expect(JSON.stringify(before)).not.toContain(token);
  });

  it('revokes one: its link then says it was withdrawn (40400, rule invitation.revoked), and it leaves the list', async () => {
    // Prepare
    const invitee = await loggedInUser();
    const token = await invite(owner, orgId, invitee.email, 'operator');
    const id = (await pending()).find((i) => i.email === invitee.email)!.invitationId;

    // Act
    const revoked = await call('/apis/team/revokeInvitation', { token: owner.token, headers: { 'x-org': orgId }, form: { invitationId: id } });
    const accept = await call('/apis/team/accept', { token: invitee.token, form: { token }, headers: { 'accept-language': 'zh-CN' } });
    const again = await call('/apis/team/revokeInvitation', { token: owner.token, headers: { 'x-org': orgId }, form: { invitationId: id } });

    // Assess
    expect(revoked.body.errcode, revoked.text).toBe(0);
    expect(accept.status).toBe(404);
    expect(accept.body).toMatchObject({ errcode: 40400, rule: 'invitation.revoked' });
    expect(accept.body.msg).toContain('撤回');
    expect((await pending()).map((i) => i.email)).not.toContain(invitee.email);
    expect(again.body.errcode).toBe(40400);
    const members = await call('/apis/team/members', { token: owner.token, headers: { 'x-org': orgId } });
    expect(members.body.members.map((m: { email: string }) => m.email)).not.toContain(invitee.email);
  });

  it('refuses to register through a revoked link', async () => {
    const newcomer = aUser();
    const token = await invite(owner, orgId, newcomer.email, 'viewer');
    const id = (await pending()).find((i) => i.email === newcomer.email)!.invitationId;
    await call('/apis/team/revokeInvitation', { token: owner.token, headers: { 'x-org': orgId }, form: { invitationId: id } });

    const res = await call('/apis/user/register', { form: { ...newcomer, invitation: token } });

    expect(res.body).toMatchObject({ errcode: 40400, rule: 'invitation.revoked' });
  });

  it("cannot revoke another organization's invitation, nor list it", async () => {
    // Prepare
    const stranger = await loggedInUser();
    const strangerOrg = await ownOrganization(stranger);
    const invitee = aUser();
    await invite(owner, orgId, invitee.email, 'viewer');
    const id = (await pending()).find((i) => i.email === invitee.email)!.invitationId;

    // Act
    const theirList = await call('/apis/team/invitations', { token: stranger.token, headers: { 'x-org': strangerOrg } });
    const revoke = await call('/apis/team/revokeInvitation', { token: stranger.token, headers: { 'x-org': strangerOrg }, form: { invitationId: id } });
    const intoOurs = await call('/apis/team/invitations', { token: stranger.token, headers: { 'x-org': orgId } });

    // Assess
    expect(theirList.body.invitations).toEqual([]);
    expect(revoke.body.errcode).toBe(40400);
    expect(intoOurs.body.errcode).toBe(40301);
    expect((await pending()).map((i) => i.email)).toContain(invitee.email);
  });
});
