import { audienceFollowers } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { findFollowers } from '../directory-queries';
import { FollowersInput } from '../inputs';

export const handler = endpoint(audienceFollowers, FollowersInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok(await findFollowers(account.appid, input));
});
