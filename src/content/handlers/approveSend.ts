import { contentApproveSend } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { approveSend } from '../approve-send';
import { ApproveSendInput } from '../inputs';
import { sendView } from '../send-view';

export const handler = endpoint(contentApproveSend, ApproveSendInput, async ({ input, session, language }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ send: sendView(await approveSend(account, input.sendId, { userId: session.userId, username: session.username }), language) });
});
