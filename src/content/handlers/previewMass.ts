import { contentPreviewMass } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { requireFeature } from '../../core/capabilities';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { previewMass } from '../../wechat/api/content';
import { PreviewMassInput } from '../inputs';
import { messageOf, wechatMessageOf } from '../mass-message';

export const handler = endpoint(contentPreviewMass, PreviewMassInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  requireFeature(account, 'massSend');
  const answer = await previewMass(account, input.openid, wechatMessageOf(messageOf(input)));
  return ok({ ...(answer.msg_id !== undefined ? { msgId: String(answer.msg_id) } : {}) });
});
