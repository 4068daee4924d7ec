import { repliesAdd } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { ReplyRuleInput } from '../../src/replies/inputs';
import { parseReply, ruleWarnings, saveRule } from '../../src/replies/rules';
import { ruleView } from '../../src/replies/rule-view';

export const handler = endpoint(repliesAdd, ReplyRuleInput, async ({ input, session }) => {
  const reply = parseReply(input.type, input.reply);
  const account = await selectAccount(session.userId, input.appid);
  const rule = await saveRule(account.appid, { keyword: input.request, match: input.match, reply }, 'create');
  const warnings = ruleWarnings(rule.reply);
  return ok({ rule: ruleView(rule), ...(warnings.length ? { warnings } : {}) });
});
