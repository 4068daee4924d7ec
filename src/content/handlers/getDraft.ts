import { contentGetDraft } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { DraftIdInput } from '../inputs';
import { readDraft } from '../draft-reads';

export const handler = endpoint(contentGetDraft, DraftIdInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const { mediaId, articles, createdAt, updatedAt, createdBy, lockedBy } = await readDraft(account.appid, input.mediaId);
  return ok({ mediaId, articles, createdAt, updatedAt, createdBy, ...(lockedBy ? { lockedBy } : {}) });
});
