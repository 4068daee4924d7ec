import { ItemNotFound } from '../core/data/errors';
import { ConflictError, ValidationError } from '../core/errors';
import { getDraftRecord, listDraftRecords } from './data/drafts';

/** Reading drafts needs our copy only (no WeChat call): the read routes load just this. */
export const readDraft = async (appid: string, mediaId: string) => {
  const draft = await getDraftRecord(appid, mediaId);
  if (!draft || draft.state !== 'draft') throw new ItemNotFound(`mediaId: no draft ${mediaId} in this account's draft box`);
  return draft;
};

/** A scheduled send holds the draft: what it will send cannot change under it (40900). */
export const refuseLocked = (draft: { lockedBy?: string }) => {
  if (draft.lockedBy) throw new ConflictError(`mediaId: the draft is held by the scheduled send ${draft.lockedBy}; cancel that send (cancelSend) to change or delete it`);
};

export const listDrafts = async (appid: string, limit: number, cursor?: string) => {
  const all = await listDraftRecords(appid);
  const start = cursor === undefined ? 0 : Number(cursor);
  if (!Number.isInteger(start) || start < 0) throw new ValidationError('cursor: not one this list gave out');
  const page = all.slice(start, start + limit);
  return { total: all.length, drafts: page, ...(start + limit < all.length ? { cursor: String(start + limit) } : {}) };
};
