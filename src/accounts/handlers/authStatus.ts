import { componentAuthStatus } from '../routes';
import { linkStatus } from '../link-status';
import { AuthStatusInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

export const handler = endpoint(componentAuthStatus, AuthStatusInput, async ({ input, session }) =>
  ok({ ...(await linkStatus(input.state, session, session.org)) }),
);
