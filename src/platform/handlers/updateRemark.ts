import { followersUpdateRemark } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { RemarkInput } from '../inputs';
import { updateRemark } from '../../wechat/api/users';
import { setDirectoryRemark } from '../../audience/remark';

export const handler = endpoint(followersUpdateRemark, RemarkInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  await updateRemark(account, input.openid, input.remark);
  // WeChat first, so the directory never says what WeChat does not.
  await setDirectoryRemark(account.appid, input.openid, input.remark);
  return ok();
});
