import { materialsCount } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { MaterialCountInput } from '../../src/materials/inputs';
import { materialCount } from '../../src/wechat/api/material';

export const handler = endpoint(materialsCount, MaterialCountInput, async ({ input, session }) => {
  const { voice_count, video_count, image_count, news_count } = await materialCount(await selectAccount(session.userId, input.appid));
  return ok({ voice_count, video_count, image_count, news_count });
});
