import { userResetPassword } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ResetPasswordInput } from '../inputs';
import { resetPassword } from '../password-reset';

export const handler = endpoint(userResetPassword, ResetPasswordInput, async ({ input }) => ok({ ...(await resetPassword(input.token, input.password)) }));
