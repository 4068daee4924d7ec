import { statsQrcodes } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { StatsRangeInput } from '../inputs';
import { qrScenesOf } from '../reads';

export const handler = endpoint(statsQrcodes, StatsRangeInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ scenes: await qrScenesOf(account.appid, input.from, input.to) });
});
