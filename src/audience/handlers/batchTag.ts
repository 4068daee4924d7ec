import { audienceBatchTag } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { batchTag } from '../bulk';
import { BatchTagInput } from '../inputs';

export const handler = endpoint(audienceBatchTag, BatchTagInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok(await batchTag(account, input.openids, input.tagId, input.untag ?? false));
});
