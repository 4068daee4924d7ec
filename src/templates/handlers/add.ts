import { templatesAdd } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { requireFeature } from '../../core/capabilities';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { AppError, ErrorCode } from '../../core/errors';
import { WechatApiError } from '../../wechat/api-error';
import { addTemplate } from '../../wechat/api/templates';
import '../rule-texts';
import { AddInput } from '../inputs';
import { refreshTemplates } from '../library';
import { templateView } from '../views';

export const handler = endpoint(templatesAdd, AddInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  requireFeature(account, 'templates');
  const templateId = await addTemplate(account, input.templateIdShort, input.keywordNames).catch((error: unknown) => {
    // 40246: a name the library's template does not have, or out of its order. WeChat does not say
    // which: the answer names those given, and where the library's own names and order are read.
    if (!(error instanceof WechatApiError) || error.wxerrcode !== 40246) throw error;
    const problem = { field: 'keywordNames', rule: 'template.libraryKeywords', given: input.keywordNames.join('、') };
    throw new AppError(ErrorCode.invalidRequest, 400, `keywordNames: not the library template's keyword names in its order (WeChat 40246)`, {
      problem,
      extra: { wxerrcode: error.wxerrcode, wxerrmsg: error.wxerrmsg },
    });
  });
  // WeChat's list holds the new template's content (its keywords' types): our copy follows it.
  const template = (await refreshTemplates(account)).find((t) => t.templateId === templateId);
  return ok({ template: templateView(template ?? { templateId, title: '', content: '', example: '', primaryIndustry: '', deputyIndustry: '', keywords: [], approved: {}, syncedAt: new Date().toISOString() }) });
});
