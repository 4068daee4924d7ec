import { userChangeEmail } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { changeEmail } from '../email-change';
import { ChangeEmailInput } from '../inputs';
import { mailLanguage } from '../mail-language';

export const handler = endpoint(userChangeEmail, ChangeEmailInput, async ({ input, session, event }) => {
  await changeEmail(session, input.password, input.email, event.requestContext.http.sourceIp, mailLanguage(event.headers));
  return ok({ pending: input.email });
});
