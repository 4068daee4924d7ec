import { contentListSends } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { listSendRecords } from '../data/sends';
import { ListSendsInput } from '../inputs';
import { sendView } from '../send-view';

export const handler = endpoint(contentListSends, ListSendsInput, async ({ input, session, language }) => {
  const account = await selectAccount(session.org, input.appid);
  const { sends, cursor } = await listSendRecords(account.appid, input.limit, input.cursor);
  return ok({ sends: sends.map((s) => sendView(s, language)), ...(cursor ? { cursor } : {}) });
});
