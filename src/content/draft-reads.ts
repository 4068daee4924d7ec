import { ItemNotFound } from '../core/data/errors';
import { ValidationError } from '../core/errors';
import { getDraftRecord, listDraftRecords } from './data/drafts';

/** Reading drafts needs our copy only (no WeChat call): the read routes load just this. */
export const readDraft = async (appid: string, mediaId: string) => {
  const draft = await getDraftRecord(appid, mediaId);
  if (!draft || draft.state !== 'draft') throw new ItemNotFound(`mediaId: no draft ${mediaId} in this account's draft box`);
  return draft;
};

export const listDrafts = async (appid: string, limit: number, cursor?: string) => {
  const all = await listDraftRecords(appid);
  const start = cursor === undefined ? 0 : Number(cursor);
  if (!Number.isInteger(start) || start < 0) throw new ValidationError('cursor: not one this list gave out');
  const page = all.slice(start, start + limit);
  return { total: all.length, drafts: page, ...(start + limit < all.length ? { cursor: String(start + limit) } : {}) };
};
