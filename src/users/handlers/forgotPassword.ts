import { userForgotPassword } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ForgotPasswordInput } from '../inputs';
import { mailLanguage } from '../mail-language';
import { forgotPassword } from '../forgot-password';

export const handler = endpoint(userForgotPassword, ForgotPasswordInput, async ({ input, event }) => {
  await forgotPassword(input.email, event.requestContext.http.sourceIp, mailLanguage(event.headers));
  return ok({ msg: 'if the address belongs to an account, a reset link is on its way' });
});
