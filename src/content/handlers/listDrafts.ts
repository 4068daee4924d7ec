import { contentListDrafts } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ListDraftsInput } from '../inputs';
import { listDrafts } from '../draft-reads';

export const handler = endpoint(contentListDrafts, ListDraftsInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const { total, drafts, cursor } = await listDrafts(account.appid, input.limit, input.cursor);
  return ok({
    total,
    drafts: drafts.map(({ mediaId, titles, createdAt, updatedAt, createdBy, lockedBy }) => ({ mediaId, titles, createdAt, updatedAt, createdBy, ...(lockedBy ? { lockedBy } : {}) })),
    ...(cursor ? { cursor } : {}),
  });
});
