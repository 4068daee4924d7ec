import type { Account } from '../core/data/accounts';

/**
 * What the owner set here and a new authorization or binding of the same account must not wipe
 * (issue 23 item 4): the allowed web domains (web OAuth and JSSDK), the domain-check file, how long
 * the inbox keeps messages; and the rules' version, which the callback's rule cache is keyed by (an
 * item rewritten without it could meet a container that cached the rules before any rule write).
 * The account item is written whole at authorization and binding, so these are carried over
 * explicitly. H5 secrets, rules, menus and materials are items of their own and stay anyway.
 */
export const keptSettings = (existing: Account | undefined): Partial<Account> => ({
  ...(existing?.domains ? { domains: existing.domains } : {}),
  ...(existing?.mpVerify ? { mpVerify: existing.mpVerify } : {}),
  ...(existing?.inboxRetentionDays !== undefined ? { inboxRetentionDays: existing.inboxRetentionDays } : {}),
  ...(existing?.rulesVersion ? { rulesVersion: existing.rulesVersion } : {}),
});
