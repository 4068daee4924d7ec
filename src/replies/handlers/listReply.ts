import { repliesList } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ListRulesInput } from '../inputs';
import { pageOfRules, ruleWarnings, searchRules } from '../rules';
import { ruleView } from '../rule-view';
import { ruleMatcher } from '../search';

export const handler = endpoint(repliesList, ListRulesInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const page = input.q ? await searchRules(account.appid, ruleMatcher(input.q), input.limit, input.next) : await pageOfRules(account.appid, input.limit, input.next);
  return ok({
    rules: page.rules.map((rule) => {
      const warnings = ruleWarnings(rule.reply);
      return { ...ruleView(rule), ...(warnings.length ? { warnings } : {}) };
    }),
    ...(page.next ? { next: page.next } : {}),
  });
});
