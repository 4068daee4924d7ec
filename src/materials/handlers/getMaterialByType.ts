import { materialsList } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MaterialListInput } from '../inputs';
import { listMaterials } from '../../wechat/api/material';

export const handler = endpoint(materialsList, MaterialListInput, async ({ input, session }) => {
  const { total_count, item_count, item } = await listMaterials(
    await selectAccount(session.org, input.appid),
    input.type,
    input.offset,
    input.count,
  );
  return ok({ total_count, item_count, item });
});
