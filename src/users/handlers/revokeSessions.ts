import { userRevokeSessions } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { RevokeSessionsInput } from '../inputs';
import { revokeSessions } from '../sessions';

export const handler = endpoint(userRevokeSessions, RevokeSessionsInput, async ({ input, session }) =>
  ok({ revoked: await revokeSessions(session.userId, session.tokenHash, input.all) }),
);
