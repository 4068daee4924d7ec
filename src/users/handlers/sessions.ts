import { userSessions } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { SessionsInput } from '../inputs';
import { listSessions } from '../sessions';

export const handler = endpoint(userSessions, SessionsInput, async ({ session }) =>
  ok({ sessions: await listSessions(session.userId, session.tokenHash) }),
);
