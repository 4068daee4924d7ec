import { audienceSyncStatus } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { getSync } from '../data/audience-state';
import { AppidInput } from '../inputs';
import { statusOf } from '../sync-status';

export const handler = endpoint(audienceSyncStatus, AppidInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ status: statusOf(await getSync(account.appid)) });
});
