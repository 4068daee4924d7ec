import { templatesListSends } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { listSendsPage } from '../data/sends';
import { ListSendsInput } from '../inputs';
import { sendView } from '../views';

export const handler = endpoint(templatesListSends, ListSendsInput, async ({ input, session, language }) => {
  const account = await selectAccount(session.org, input.appid);
  const page = await listSendsPage(account.appid, input.limit, input.cursor);
  return ok({ sends: page.sends.map((s) => sendView(s, language)), ...(page.next ? { cursor: page.next } : {}) });
});
