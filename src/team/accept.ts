import { acceptInvitation, getInvitation, InvitationGoneError } from '../core/data/invitations';
import { ForbiddenError, UnauthorizedError } from '../core/errors';
import { hashToken } from '../core/security/tokens';
import { getUser } from '../users/data/users';
import type { Language } from '../core/messages/language';

/**
 * The signed-in user joins the invitation's organization. Bound to the invited address: a link
 * forwarded to someone else is refused for their login (and stays usable by its addressee). The
 * membership keeps the language the console speaks to them, for the organization's mails.
 */
export const accept = async (userId: string, token: string, language?: Language) => {
  const invitation = await getInvitation(hashToken(token));
  if (!invitation) throw new InvitationGoneError();
  const user = await getUser(userId);
  if (!user) throw new UnauthorizedError();
  if (user.email.toLowerCase() !== invitation.email) {
    throw new ForbiddenError('token: this invitation was sent to another e-mail address: sign in with the address it was sent to');
  }
  const membership = await acceptInvitation(invitation, { userId, username: user.username, email: user.email, ...(language ? { language } : {}) });
  return { orgId: membership.orgId, name: membership.orgName, role: membership.role };
};
