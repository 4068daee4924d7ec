import { updateAccount, type Account, type UpdateGuard } from '../core/data/accounts';
import { isConditionFailure } from '../core/data/client';
import { deleteMpVerifyFile, putMpVerifyFile } from './data/mp-verify-files';
import { ConflictError, ValidationError } from '../core/errors';
import { defaultRetentionDays } from '../core/retention';
import './rule-texts';

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

/**
 * Writes only what the request changes, so two concurrent updates of different settings both
 * hold; of the same setting, the later one wins whole. A new domain-check file replaces the
 * account's previous one only if no concurrent request replaced it first (else 40900, and the new
 * file is not left behind), and the answer is the settings as stored after this write.
 */
export const updateSettings = async (account: Account, change: SettingsChange) => {
  const changes: Partial<Account> = {};
  if (change.domains !== undefined) changes.domains = [...new Set(change.domains)];
  if (change.inboxRetentionDays !== undefined) changes.inboxRetentionDays = change.inboxRetentionDays;
  const previousFile = account.mpVerify?.file;
  let guard: UpdateGuard | undefined;
  if (change.mpVerifyFile !== undefined && change.mpVerifyContent !== undefined) {
    if (account.mode !== 'direct') {
      throw new ValidationError('mpVerifyFile: only direct-mode accounts need it (WeChat checks the platform\'s domain for authorized accounts)', {
        problem: { field: 'mpVerifyFile', rule: 'settings.verifyFileDirectOnly' },
      });
    }
    await putMpVerifyFile(account.appid, change.mpVerifyFile, change.mpVerifyContent);
    changes.mpVerify = { file: change.mpVerifyFile, content: change.mpVerifyContent };
    guard = previousFile === undefined
      ? { expression: 'attribute_not_exists(mpVerify)' }
      : { expression: 'mpVerify.#file = :previousFile', names: { '#file': 'file' }, values: { ':previousFile': previousFile } };
  }
  let stored: Account;
  try {
    stored = await updateAccount(account.appid, changes, guard);
  } catch (error) {
    if (!guard || !isConditionFailure(error)) throw error;
    if (change.mpVerifyFile !== previousFile) await deleteMpVerifyFile(account.appid, change.mpVerifyFile!);
    throw new ConflictError('mpVerifyFile: another request changed the verification file at the same time; reload the settings and try again', { field: 'mpVerifyFile', rule: 'settings.changedMeanwhile' });
  }
  if (previousFile !== undefined && stored.mpVerify?.file !== previousFile) await deleteMpVerifyFile(account.appid, previousFile);
  return {
    appid: account.appid,
    domains: stored.domains ?? [],
    inboxRetentionDays: stored.inboxRetentionDays ?? defaultRetentionDays,
    ...(stored.mpVerify ? { mpVerifyFile: stored.mpVerify.file } : {}),
  };
};
