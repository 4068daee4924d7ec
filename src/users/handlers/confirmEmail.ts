import { userConfirmEmail } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { confirmEmail } from '../confirm-email';
import { ConfirmEmailInput } from '../inputs';

export const handler = endpoint(userConfirmEmail, ConfirmEmailInput, async ({ input }) => ok({ ...(await confirmEmail(input.token)) }));
