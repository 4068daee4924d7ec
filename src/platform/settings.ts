import type { Account } from '../data/accounts';
import { updateAccount } from '../data/accounts';
import { deleteMpVerifyFile, putMpVerifyFile } from '../data/mp-verify-files';
import { ValidationError } from '../http/errors';
import { defaultRetentionDays } from '../inbox/retention';

/**
 * Account settings: the web domains an account allows (OAuth redirects, JSSDK pages) and, for a
 * direct-mode account, WeChat's web-OAuth domain-check file (its name and content from the
 * account's 网页授权域名 setting), which the platform then serves at its root. Component-mode
 * accounts need no file: WeChat checks the third-party platform's own domain for them. Also how
 * long the account's message inbox keeps messages.
 */
export interface SettingsChange {
  domains?: string[] | undefined;
  mpVerifyFile?: string | undefined;
  mpVerifyContent?: string | undefined;
  inboxRetentionDays?: number | undefined;
}

export const updateSettings = async (account: Account, change: SettingsChange) => {
  const domains = change.domains === undefined ? (account.domains ?? []) : [...new Set(change.domains)];
  let mpVerify = account.mpVerify;
  if (change.mpVerifyFile !== undefined && change.mpVerifyContent !== undefined) {
    if (account.mode !== 'direct') {
      throw new ValidationError('mpVerifyFile: only direct-mode accounts need it (WeChat checks the platform\'s domain for authorized accounts)');
    }
    await putMpVerifyFile(account.appid, change.mpVerifyFile, change.mpVerifyContent);
    if (mpVerify && mpVerify.file !== change.mpVerifyFile) await deleteMpVerifyFile(account.appid, mpVerify.file);
    mpVerify = { file: change.mpVerifyFile, content: change.mpVerifyContent };
  }
  const inboxRetentionDays = change.inboxRetentionDays ?? account.inboxRetentionDays;
  await updateAccount(account.appid, { domains, ...(mpVerify ? { mpVerify } : {}), ...(inboxRetentionDays === undefined ? {} : { inboxRetentionDays }) });
  return {
    appid: account.appid,
    domains,
    inboxRetentionDays: inboxRetentionDays ?? defaultRetentionDays,
    ...(mpVerify ? { mpVerifyFile: mpVerify.file } : {}),
  };
};
