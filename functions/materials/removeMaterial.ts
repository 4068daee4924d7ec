import { materialsRemove } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { MediaIdInput } from '../../src/materials/inputs';
import { removeMaterial } from '../../src/materials/materials';

export const handler = endpoint(materialsRemove, MediaIdInput, async ({ input, session }) => {
  await removeMaterial(await selectAccount(session.userId, input.appid), input.mediaId);
  return ok();
});
