import { contentDeleteDraft } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { DraftIdInput } from '../inputs';
import { removeDraft } from '../draft-removal';

export const handler = endpoint(contentDeleteDraft, DraftIdInput, async ({ input, session }) => {
  await removeDraft(await selectAccount(session.org, input.appid), input.mediaId);
  return ok();
});
