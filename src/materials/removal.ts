import type { Account } from '../core/data/accounts';
import { ConflictError } from '../core/errors';
import { markRulesMediaMissing, rulesUsingMedia } from '../replies/media-use';
import { deleteMaterial } from '../wechat/api/material';
import { deleteMaterialRecord } from './data/materials';
import './rule-texts';

/**
 * Deletes a permanent material. Reply rules that send it are listed in a 40900 and nothing is
 * deleted, unless `force`: then they are marked (listReply shows them as pointing at a deleted
 * material) and their number answered.
 */
export const removeMaterial = async (account: Account, mediaId: string, force: boolean): Promise<{ rulesMarked: number }> => {
  const rules = await rulesUsingMedia(account.appid, mediaId);
  if (rules.length > 0 && !force) {
    throw new ConflictError(
      `mediaId: ${rules.length} reply rule(s) use this material (${rules.map((r) => r.keyword).join(', ')}); change them, or delete with force`,
      { field: 'mediaId', rule: 'material.inUse', given: rules.length },
      { rules: rules.map(({ keyword, type }) => ({ keyword, type })) },
    );
  }
  await deleteMaterial(account, mediaId);
  await deleteMaterialRecord(account.appid, mediaId);
  await markRulesMediaMissing(account.appid, rules, mediaId);
  return { rulesMarked: rules.length };
};
