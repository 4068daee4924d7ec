import { config } from '../core/config';
import { epochSeconds } from '../core/data/client';
import { invitationLifetimeSeconds, putInvitation } from '../core/data/invitations';
import { getOrganization, listMembers } from '../core/data/organizations';
import { ConflictError, ForbiddenError } from '../core/errors';
import type { OrgAccess } from '../core/http/organization';
import { sendMail } from '../core/mail/send-mail';
import type { Role } from '../core/route';
import { hashToken, newToken } from '../core/security/tokens';
import { invitationMail } from './invitation-mail';

/** Where the invitation link leads: the console's page that accepts it (or registers through it). */
export const invitationLink = (token: string): string => `${config.consoleUrl.replace(/\/?$/, '/')}#/invite?token=${encodeURIComponent(token)}`;

export const invite = async (org: OrgAccess, inviter: { username: string }, email: string, role: Role, now = Date.now()) => {
  const address = email.toLowerCase();
  const [organization, members] = await Promise.all([getOrganization(org.orgId), listMembers(org.orgId)]);
  if (!organization) throw new ForbiddenError('orgId: the organization is gone');
  if (members.some((m) => m.email.toLowerCase() === address)) throw new ConflictError(`email: ${email} is a member of this organization already`);
  const token = newToken();
  const expiresAt = epochSeconds(now) + invitationLifetimeSeconds;
  await putInvitation({
    tokenHash: hashToken(token),
    orgId: org.orgId,
    orgName: organization.name,
    email: address,
    role,
    invitedBy: inviter.username,
    createdAt: new Date(now).toISOString(),
    expiresAt,
  });
  await sendMail(invitationMail(email, { orgName: organization.name, inviter: inviter.username, role, link: invitationLink(token) }));
  return { email, role, expiresAt: new Date(expiresAt * 1000).toISOString() };
};
