import { ApiError, call } from './api';
import type { Group } from './contract';
import { t, type MessageKey } from './i18n';
import { zhCN } from './i18n/zh-CN';

/** What the follower directory's pages share: tag and scene names, and changes to many followers. */

/** WeChat names its own tags in Chinese whatever the language: the console names them itself. */
export const tagName = (id: number, groups: Pick<Group, 'id' | 'name'>[] | undefined): string =>
  id === 0 ? t('followers.ungrouped') : id === 2 ? t('followers.starred') : (groups?.find((g) => g.id === id)?.name ?? String(id));

/** WeChat's subscribe_scene in its own Chinese words; one it added since is "other", not its code. */
export const sceneName = (scene: string): string => {
  const key = `followers.sceneName.${scene}`;
  return scene ? (key in zhCN ? t(key as MessageKey) : t('directory.sceneOther')) : '—';
};

/** Follow times are asked by day, as Beijing's day (WeChat's own back office counts days there). */
export const dayToEpoch = (day: string, endOfDay = false): number => Math.floor(Date.parse(`${day}T${endOfDay ? '23:59:59' : '00:00:00'}+08:00`) / 1000);

export type BulkKind = 'tag' | 'untag' | 'block' | 'unblock';

export interface BulkResult {
  done: number;
  /** Where WeChat refused, the followers from there on and why (in the page's language). */
  failed?: { openids: string[]; reason: string };
}

/**
 * Sends the change in WeChat's own batch sizes (50 a tagging call, 20 a blacklist call), one
 * request each, so a refusal part-way tells exactly which followers were not changed: the batch
 * WeChat refused and those after it. The ones before are done at WeChat and in the directory.
 */
export const changeMany = async (appid: string, kind: BulkKind, openids: string[], tagId = 0): Promise<BulkResult> => {
  const size = kind === 'tag' || kind === 'untag' ? 50 : 20;
  let done = 0;
  for (let i = 0; i < openids.length; i += size) {
    const batch = openids.slice(i, i + size);
    try {
      const answer =
        kind === 'tag' || kind === 'untag'
          ? await call('audience.batchTag', { appid, openids: batch, tagId, ...(kind === 'untag' ? { untag: true } : {}) })
          : await call(kind === 'block' ? 'audience.block' : 'audience.unblock', { appid, openids: batch });
      done += answer.done;
    } catch (error) {
      const reason = error instanceof ApiError && error.errcode === -1 ? t('err.network') : (error as Error).message;
      return { done, failed: { openids: openids.slice(i), reason } };
    }
  }
  return { done };
};
