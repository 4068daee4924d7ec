import { materialsList } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { MaterialListInput } from '../../src/materials/inputs';
import { listMaterials } from '../../src/wechat/api/material';

export const handler = endpoint(materialsList, MaterialListInput, async ({ input, session }) => {
  const { total_count, item_count, item } = await listMaterials(
    await selectAccount(session.userId, input.appid),
    input.type,
    input.offset,
    input.count,
  );
  return ok({ total_count, item_count, item });
});
