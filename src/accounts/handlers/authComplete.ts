import { componentAuthComplete } from '../routes';
import { completeReturn } from '../linking';
import { AuthCompleteInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

export const handler = endpoint(componentAuthComplete, AuthCompleteInput, async ({ input, session }) =>
  ok({ ...(await completeReturn(input, session, session.org)) }),
);
