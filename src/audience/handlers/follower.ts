import { audienceFollower } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { NotFoundError } from '../../core/errors';
import { ok } from '../../core/http/responses';
import { getFollower } from '../data/directory';
import { FollowerInput } from '../inputs';

/** Said beside every follower, since people look for names first. */
const noNames = 'WeChat stopped giving nicknames and avatars to official accounts on 2021-12-27 (user/info); the directory shows what WeChat still gives: remark, tags, subscribe time and scene, QR scene.';

export const handler = endpoint(audienceFollower, FollowerInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const follower = await getFollower(account.appid, input.openid);
  if (!follower) throw new NotFoundError('openid: not in the directory (not synced yet, or unfollowed more than 30 days ago)', { field: 'openid' });
  return ok({ follower, noNames });
});
