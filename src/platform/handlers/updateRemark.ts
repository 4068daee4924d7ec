import { followersUpdateRemark } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { RemarkInput } from '../inputs';
import { updateRemark } from '../../wechat/api/users';

export const handler = endpoint(followersUpdateRemark, RemarkInput, async ({ input, session }) => {
  await updateRemark(await selectAccount(session.org, input.appid), input.openid, input.remark);
  return ok();
});
