import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MembersInput } from '../inputs';
import { membersOf } from '../members';
import { teamMembers } from '../routes';

export const handler = endpoint(teamMembers, MembersInput, async ({ session }) => ok({ members: await membersOf(session.org) }));
