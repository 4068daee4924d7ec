import { materialsCount } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MaterialCountInput } from '../inputs';
import { materialCount } from '../../wechat/api/material';

export const handler = endpoint(materialsCount, MaterialCountInput, async ({ input, session }) => {
  const { voice_count, video_count, image_count, news_count } = await materialCount(await selectAccount(session.org, input.appid));
  return ok({ voice_count, video_count, image_count, news_count });
});
