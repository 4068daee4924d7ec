import { userRevertEmail } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { revertEmail } from '../revert-email';
import { RevertEmailInput } from '../inputs';

export const handler = endpoint(userRevertEmail, RevertEmailInput, async ({ input }) => ok({ ...(await revertEmail(input.token)) }));
