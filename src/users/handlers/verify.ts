import { userVerify } from '../routes';
import { config } from '../../core/config';
import { endpoint } from '../../core/http/endpoint';
import { ok, redirect, wantsHtml } from '../../core/http/responses';
import { VerifyInput } from '../inputs';
import { verifyEmail } from '../verify-email';
import { answerText } from '../answer-texts';

/** Why a browser's link was refused, for the console page that explains it (mails from before the console page link here). */
const refusal = (errcode: number): string => (errcode === 40400 || errcode === 40000 ? 'invalid' : errcode === 50300 ? 'busy' : 'failed');

export const handler = endpoint(
  userVerify,
  VerifyInput,
  async ({ input, event, language }) => {
    await verifyEmail(input.token);
    // The link is opened from a mail client: send browsers on to the console's login.
    return wantsHtml(event.headers) ? redirect(`${config.consoleUrl}?verified=1`) : ok({ msg: answerText('verified', language) });
  },
  { failurePage: { browsersOnly: true, location: (errcode) => `${config.consoleUrl.replace(/#.*$/, '')}#/verify?result=${refusal(errcode)}` } },
);
