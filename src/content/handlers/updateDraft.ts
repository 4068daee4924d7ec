import { contentUpdateDraft } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { UpdateDraftInput } from '../inputs';
import { changeArticle } from '../draft-box';

export const handler = endpoint(contentUpdateDraft, UpdateDraftInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok(await changeArticle(account, input.mediaId, input.index, input.article));
});
