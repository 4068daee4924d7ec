import { userVerify } from '../routes';
import { config } from '../../core/config';
import { endpoint } from '../../core/http/endpoint';
import { ok, redirect, wantsHtml } from '../../core/http/responses';
import { VerifyInput } from '../inputs';
import { verifyEmail } from '../verify-email';

export const handler = endpoint(userVerify, VerifyInput, async ({ input, event }) => {
  await verifyEmail(input.token);
  // The link is opened from a mail client: send browsers on to the console's login.
  return wantsHtml(event.headers) ? redirect(`${config.consoleUrl}?verified=1`) : ok({ msg: 'e-mail verified' });
});
