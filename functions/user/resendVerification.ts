import * as z from 'zod';
import { routes } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { email } from '../../src/http/schemas';
import { resendVerification } from '../../src/users/service';

export const ResendVerificationInput = z.object({ email });

export const handler = endpoint(routes['user.resendVerification'], ResendVerificationInput, async ({ input, event }) => {
  await resendVerification(input.email, event.requestContext.http.sourceIp);
  return ok({ msg: 'if the address belongs to an unverified account, a new link is on its way' });
});
