import { contentCancelSend } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { CancelSendInput } from '../inputs';
import { cancelSend } from '../cancel';
import { sendView } from '../send-view';

export const handler = endpoint(contentCancelSend, CancelSendInput, async ({ input, session, language }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ send: sendView(await cancelSend(account.appid, input.sendId), language) });
});
