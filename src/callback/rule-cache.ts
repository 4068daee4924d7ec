import { loadAllRules } from '../replies/data/reply-rules';
import { compileRules, type RuleSet } from '../replies/matcher';

/**
 * Compiled rule sets, per container, keyed by appid and the account's `rulesVersion` (which every
 * rule write changes in the same transaction). The account is read on every message anyway, so a
 * changed version is seen by the very next message and the set is loaded once more; an unchanged
 * one costs nothing. Loads are shared by concurrent messages; a failed load is not kept.
 */
const maxAccounts = 1000;
const cache = new Map<string, { version: string; rules: Promise<RuleSet> }>();

export const rulesFor = (appid: string, version: string, load = loadAllRules): Promise<RuleSet> => {
  const hit = cache.get(appid);
  if (hit && hit.version === version) {
    // Most recently used last, so the oldest is the one dropped.
    cache.delete(appid);
    cache.set(appid, hit);
    return hit.rules;
  }
  const rules = load(appid).then(compileRules);
  const entry = { version, rules };
  cache.set(appid, entry);
  rules.catch(() => {
    if (cache.get(appid) === entry) cache.delete(appid);
  });
  if (cache.size > maxAccounts) cache.delete(cache.keys().next().value!);
  return rules;
};
