import { contentAddDraft } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { AddDraftInput } from '../inputs';
import { createDraft } from '../draft-box';

export const handler = endpoint(contentAddDraft, AddDraftInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok(await createDraft(account, { userId: session.userId, username: session.username }, input.articles));
});
