import { acceptInvitation, getInvitation, InvitationGoneError } from '../core/data/invitations';
import { ForbiddenError, UnauthorizedError } from '../core/errors';
import { hashToken } from '../core/security/tokens';
import { getUser } from '../users/data/users';

/**
 * The signed-in user joins the invitation's organization. Bound to the invited address: a link
 * forwarded to someone else is refused for their login (and stays usable by its addressee).
 */
export const accept = async (userId: string, token: string) => {
  const invitation = await getInvitation(hashToken(token));
  if (!invitation) throw new InvitationGoneError();
  const user = await getUser(userId);
  if (!user) throw new UnauthorizedError();
  if (user.email.toLowerCase() !== invitation.email) {
    throw new ForbiddenError('token: this invitation was sent to another e-mail address: sign in with the address it was sent to');
  }
  const membership = await acceptInvitation(invitation, { userId, username: user.username, email: user.email });
  return { orgId: membership.orgId, name: membership.orgName, role: membership.role };
};
