import { materialsRemove } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MediaIdInput } from '../inputs';
import { removeMaterial } from '../materials';

export const handler = endpoint(materialsRemove, MediaIdInput, async ({ input, session }) => {
  await removeMaterial(await selectAccount(session.org, input.appid), input.mediaId);
  return ok();
});
