import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { UpdateMemberInput } from '../inputs';
import { updateMember } from '../members';
import { teamUpdateMember } from '../routes';

export const handler = endpoint(teamUpdateMember, UpdateMemberInput, async ({ input, session }) =>
  ok({ member: await updateMember(session.org, input.userId, input.role) }),
);
