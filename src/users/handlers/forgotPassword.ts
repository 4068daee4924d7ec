import { userForgotPassword } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ForgotPasswordInput } from '../inputs';
import { mailLanguage } from '../mail-language';
import { answerText } from '../answer-texts';
import { forgotPassword } from '../forgot-password';

export const handler = endpoint(userForgotPassword, ForgotPasswordInput, async ({ input, event, language }) => {
  await forgotPassword(input.email, event.requestContext.http.sourceIp, mailLanguage(event.headers));
  return ok({ msg: answerText('resetAccepted', language) });
});
