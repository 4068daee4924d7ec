import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { InviteInput } from '../inputs';
import { invite } from '../invite';
import { teamInvite } from '../routes';

export const handler = endpoint(teamInvite, InviteInput, async ({ input, session }) =>
  ok({ msg: `invitation mailed to ${input.email}`, invitation: await invite(session.org, session, input.email, input.role) }),
);
