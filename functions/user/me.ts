import * as z from 'zod';
import { routes } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { profile } from '../../src/users/service';

export const handler = endpoint(routes['user.me'], z.object({}), async ({ session }) => ok({ ...(await profile(session.userId)) }));
