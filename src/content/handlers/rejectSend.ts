import { contentRejectSend } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { rejectSend } from '../approvals';
import { RejectSendInput } from '../inputs';
import { sendView } from '../send-view';

export const handler = endpoint(contentRejectSend, RejectSendInput, async ({ input, session, language }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ send: sendView(await rejectSend(account, input.sendId, { userId: session.userId, username: session.username }, input.reason || undefined), language) });
});
