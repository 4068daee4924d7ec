import { userMe } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MeInput } from '../inputs';
import { profile } from '../profile';

export const handler = endpoint(userMe, MeInput, async ({ session }) => ok({ ...(await profile(session.userId, session.org.orgId)) }));
