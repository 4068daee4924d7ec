import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { AcceptInput } from '../inputs';
import { accept } from '../accept';
import { teamAccept } from '../routes';

export const handler = endpoint(teamAccept, AcceptInput, async ({ input, session }) => ok({ organization: await accept(session.userId, input.token) }));
