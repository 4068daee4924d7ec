import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { LeaveInput } from '../inputs';
import { removeMember } from '../members';
import { teamLeave } from '../routes';

/** Leaving is removing oneself: the same guard keeps the last owner in. */
export const handler = endpoint(teamLeave, LeaveInput, async ({ session }) => {
  await removeMember(session.org, session.userId);
  return ok();
});
