import { materialsRemove } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { RemoveMaterialInput } from '../inputs';
import { removeMaterial } from '../removal';

export const handler = endpoint(materialsRemove, RemoveMaterialInput, async ({ input, session }) => {
  const { rulesMarked } = await removeMaterial(await selectAccount(session.org, input.appid), input.mediaId, input.force ?? false);
  return ok({ rulesMarked });
});
