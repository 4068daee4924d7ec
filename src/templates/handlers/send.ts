import { templatesSend } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { SendInput } from '../inputs';
import { startTemplateSend } from '../sending';
import { sendView } from '../views';

export const handler = endpoint(templatesSend, SendInput, async ({ input, session, language }) => {
  const account = await selectAccount(session.org, input.appid);
  const send = await startTemplateSend(account, { userId: session.userId, username: session.username, orgId: session.org.orgId }, input);
  return ok({ sendId: send.sendId, send: sendView(send, language) });
});
