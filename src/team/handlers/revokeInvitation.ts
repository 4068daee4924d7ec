import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { revokeInvitation } from '../../core/data/invitations';
import { RevokeInvitationInput } from '../inputs';
import { teamRevokeInvitation } from '../routes';

export const handler = endpoint(teamRevokeInvitation, RevokeInvitationInput, async ({ input, session }) => {
  await revokeInvitation(session.org.orgId, input.invitationId, session.username);
  return ok();
});
