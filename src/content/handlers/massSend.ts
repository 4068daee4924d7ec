import { contentMassSend } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MassSendInput } from '../inputs';
import { announceIfPending, senderOf } from '../approvals';
import { sendView } from '../send-view';
import { startMassSend } from '../sending';

export const handler = endpoint(contentMassSend, MassSendInput, async ({ input, session, language }) => {
  const account = await selectAccount(session.org, input.appid);
  const send = await startMassSend(account, await senderOf(session), input);
  await announceIfPending(send);
  return ok({ sendId: send.sendId, send: sendView(send, language) });
});
