import { countDeltaWrite, countsHaveMaps } from '../audience/data/audience-state';
import { changeWrites, getFollower, type DirectoryFollower } from '../audience/data/directory';
import type { RecordPlugin, TableWrite } from './plugin';

/**
 * Keeps the follower directory current between syncs from what the callback records: a follow
 * puts the follower in (with the QR scene of its EventKey, `qrscene_<scene>`), an unfollow takes
 * them out of every index and keeps their item 30 days (SPEC §6). The counters move in the same
 * transaction as the consumer's mark, so a redelivered event counts once; reading the item first
 * makes a repeated follow, or an unfollow of someone never synced, change nothing.
 */
export const followerDirectoryFeed: RecordPlugin = {
  id: 'audience.directory',
  wants: { msgTypes: ['event'], events: ['subscribe', 'unsubscribe'] },
  entities: ['AUDIENCE'],
  handle: async (record): Promise<TableWrite[]> => {
    if (!record.appid || !record.openid) return [];
    const before = await getFollower(record.appid, record.openid);
    const at = Number(record.item['createTime']) || Math.floor(Date.now() / 1000);
    if (record.event?.toLowerCase() === 'subscribe') {
      if (before?.subscribed) return [];
      const scene = String(record.item['eventKey'] ?? '').replace(/^qrscene_/, '');
      const after: DirectoryFollower = {
        openid: record.openid,
        subscribed: true,
        subscribeTime: at,
        subscribeScene: scene ? 'ADD_SCENE_QR_CODE' : '',
        qrScene: scene,
        // WeChat forgets a follower's remark and tags when they unfollow.
        remark: '',
        tags: [],
      };
      return [...changeWrites(record.appid, before, after), countDeltaWrite(record.appid, 1, [], scene, await countsHaveMaps(record.appid))];
    }
    if (!before?.subscribed) return [];
    const { blocked: _blocked, ...rest } = before;
    const after: DirectoryFollower = { ...rest, subscribed: false, unsubscribedAt: at };
    return [...changeWrites(record.appid, before, after), countDeltaWrite(record.appid, -1, before.tags, before.qrScene, await countsHaveMaps(record.appid))];
  },
};
