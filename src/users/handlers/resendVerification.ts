import { userResendVerification } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ResendVerificationInput } from '../inputs';
import { resendVerification } from '../verification-links';
import { mailLanguage } from '../mail-language';
import { answerText } from '../answer-texts';

export const handler = endpoint(userResendVerification, ResendVerificationInput, async ({ input, event, language }) => {
  await resendVerification(input.email, event.requestContext.http.sourceIp, mailLanguage(event.headers));
  return ok({ msg: answerText('resendAccepted', language) });
});
