import { userVerify } from '../../lib/routes';
import { config } from '../../src/config';
import { endpoint } from '../../src/http/endpoint';
import { ok, redirect, wantsHtml } from '../../src/http/responses';
import { VerifyInput } from '../../src/users/inputs';
import { verifyEmail } from '../../src/users/verify-email';

export const handler = endpoint(userVerify, VerifyInput, async ({ input, event }) => {
  await verifyEmail(input.token);
  // The link is opened from a mail client: send browsers on to the console's login.
  return wantsHtml(event.headers) ? redirect(`${config.consoleUrl}?verified=1`) : ok({ msg: 'e-mail verified' });
});
