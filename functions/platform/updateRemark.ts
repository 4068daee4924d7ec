import { followersUpdateRemark } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { RemarkInput } from '../../src/platform/inputs';
import { updateRemark } from '../../src/wechat/api/users';

export const handler = endpoint(followersUpdateRemark, RemarkInput, async ({ input, session }) => {
  await updateRemark(await selectAccount(session.userId, input.appid), input.openid, input.remark);
  return ok();
});
