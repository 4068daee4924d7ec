import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { RemoveMemberInput } from '../inputs';
import { removeMember } from '../members';
import { teamRemoveMember } from '../routes';

export const handler = endpoint(teamRemoveMember, RemoveMemberInput, async ({ input, session }) => {
  await removeMember(session.org, input.userId);
  return ok();
});
