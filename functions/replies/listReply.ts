import { repliesList } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { ListRulesInput } from '../../src/replies/inputs';
import { pageOfRules, ruleWarnings, searchRules } from '../../src/replies/rules';
import { ruleView } from '../../src/replies/rule-view';
import { ruleMatcher } from '../../src/replies/search';

export const handler = endpoint(repliesList, ListRulesInput, async ({ input, session }) => {
  const account = await selectAccount(session.userId, input.appid);
  const page = input.q ? await searchRules(account.appid, ruleMatcher(input.q), input.limit, input.next) : await pageOfRules(account.appid, input.limit, input.next);
  return ok({
    rules: page.rules.map((rule) => {
      const warnings = ruleWarnings(rule.reply);
      return { ...ruleView(rule), ...(warnings.length ? { warnings } : {}) };
    }),
    ...(page.next ? { next: page.next } : {}),
  });
});
