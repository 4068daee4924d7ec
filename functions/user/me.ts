import { userMe } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { MeInput } from '../../src/users/inputs';
import { profile } from '../../src/users/profile';

export const handler = endpoint(userMe, MeInput, async ({ session }) => ok({ ...(await profile(session.userId)) }));
