import type { Account } from './data/accounts';

/** WeChat's own back office keeps messages 5 days; 0 keeps nothing (team decision 2). */
export const defaultRetentionDays = 5;

export const retentionOf = (account: Pick<Account, 'inboxRetentionDays'>) => account.inboxRetentionDays ?? defaultRetentionDays;
