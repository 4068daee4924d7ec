import { contentPublish } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { PublishInput } from '../inputs';
import { announceIfPending, senderOf } from '../approvals';
import { sendView } from '../send-view';
import { startPublish } from '../sending';

export const handler = endpoint(contentPublish, PublishInput, async ({ input, session, language }) => {
  const account = await selectAccount(session.org, input.appid);
  const send = await startPublish(account, await senderOf(session), input);
  await announceIfPending(send);
  return ok({ sendId: send.sendId, send: sendView(send, language) });
});
