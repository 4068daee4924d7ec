import { audienceFollowers } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { getCounts } from '../data/audience-state';
import { findFollowers } from '../directory-queries';
import { FollowersInput } from '../inputs';
import { segmentPage } from '../segment-members';

export const handler = endpoint(audienceFollowers, FollowersInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  if (input.segmentId === undefined) return ok(await findFollowers(account.appid, input));
  const [counts, page] = await Promise.all([getCounts(account.appid), segmentPage(account.appid, input.segmentId, input.cursor, input.limit)]);
  return ok({
    total: page.total,
    counts,
    followers: page.members.map(({ language: _l, ...m }) => m),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  });
});
