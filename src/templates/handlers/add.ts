import { templatesAdd } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { requireFeature } from '../../core/capabilities';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { addTemplate } from '../../wechat/api/templates';
import { AddInput } from '../inputs';
import { refreshTemplates } from '../library';
import { templateView } from '../views';

export const handler = endpoint(templatesAdd, AddInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  requireFeature(account, 'templates');
  const templateId = await addTemplate(account, input.templateIdShort, input.keywordNames);
  // WeChat's list holds the new template's content (its keywords' types): our copy follows it.
  const template = (await refreshTemplates(account)).find((t) => t.templateId === templateId);
  return ok({ template: templateView(template ?? { templateId, title: '', content: '', example: '', primaryIndustry: '', deputyIndustry: '', keywords: [], approved: {}, syncedAt: new Date().toISOString() }) });
});
