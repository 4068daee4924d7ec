import { templatesDelete } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { requireFeature } from '../../core/capabilities';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { deletePrivateTemplate } from '../../wechat/api/templates';
import { removeTemplate } from '../data/templates';
import { DeleteInput } from '../inputs';

export const handler = endpoint(templatesDelete, DeleteInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  requireFeature(account, 'templates');
  await deletePrivateTemplate(account, input.templateId);
  await removeTemplate(account.appid, input.templateId);
  return ok({});
});
