import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { listPendingInvitations } from '../../core/data/invitations';
import { InvitationsInput } from '../inputs';
import { teamInvitations } from '../routes';

export const handler = endpoint(teamInvitations, InvitationsInput, async ({ session }) =>
  ok({
    invitations: (await listPendingInvitations(session.org.orgId)).map((i) => ({
      invitationId: i.tokenHash,
      email: i.email,
      role: i.role,
      invitedBy: i.invitedBy,
      createdAt: i.createdAt,
      expiresAt: new Date(i.expiresAt * 1000).toISOString(),
    })),
  }),
);
