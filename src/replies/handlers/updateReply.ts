import { repliesUpdate } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ReplyRuleInput } from '../inputs';
import { parseReply, ruleWarnings, saveRule } from '../rules';
import { ruleView } from '../rule-view';

export const handler = endpoint(repliesUpdate, ReplyRuleInput, async ({ input, session }) => {
  const reply = parseReply(input.type, input.reply);
  const account = await selectAccount(session.org, input.appid);
  const rule = await saveRule(account.appid, { keyword: input.request, match: input.match, reply, name: input.ruleName, keywords: input.keywords, version: input.version }, 'replace');
  const warnings = ruleWarnings(rule.reply);
  return ok({ rule: ruleView(rule), ...(warnings.length ? { warnings } : {}) });
});
