import { userResendVerification } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { ResendVerificationInput } from '../../src/users/inputs';
import { resendVerification } from '../../src/users/verification-links';

export const handler = endpoint(userResendVerification, ResendVerificationInput, async ({ input, event }) => {
  await resendVerification(input.email, event.requestContext.http.sourceIp);
  return ok({ msg: 'if the address belongs to an unverified account, a new link is on its way' });
});
