import { audienceSync } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { getSync } from '../data/audience-state';
import { AppidInput } from '../inputs';
import { checkSyncQuota } from '../sync-quota';
import { beginSync } from '../begin-sync';
import { statusOf } from '../sync-status';

export const handler = endpoint(audienceSync, AppidInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const running = await getSync(account.appid);
  if (running?.state === 'running') return ok({ started: false, status: statusOf(running) });
  const quota = await checkSyncQuota(account);
  const record = await beginSync(account, session.org.orgId);
  return ok({ started: true, status: statusOf(record), ...(quota ? { quota } : {}) });
});
