import type { Account } from '../core/data/accounts';
import { deleteDraft as deleteWechatDraft } from '../wechat/api/content';
import { WechatApiError } from '../wechat/api-error';
import { deleteDraftRecord } from './data/drafts';
import { readDraft, refuseLocked } from './draft-reads';

/**
 * Deleting a draft, at WeChat and ours. Apart from the writers (draft-box.ts) so the delete
 * function does not carry the body sanitizer.
 */
export const removeDraft = async (account: Account, mediaId: string) => {
  const draft = await readDraft(account.appid, mediaId);
  refuseLocked(draft);
  await deleteWechatDraft(account, mediaId).catch((error: unknown) => {
    // Already gone at WeChat (deleted in its back office): ours goes too.
    if (!(error instanceof WechatApiError && error.wxerrcode === 40007)) throw error;
  });
  await deleteDraftRecord(account.appid, mediaId);
};
