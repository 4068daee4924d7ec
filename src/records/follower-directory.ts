import { countDeltaWrite, countsHaveMaps } from '../audience/data/audience-state';
import { changeWrites, getFollower, getLayout, liveGenerations, type DirectoryFollower } from '../audience/data/directory';
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
    const appid = record.appid;
    const openid = record.openid;
    // While a sync builds a new generation (a much larger layout), both generations take the change.
    const [current, ...building] = liveGenerations(await getLayout(appid));
    const before = await getFollower(appid, openid, current);
    const at = Number(record.item['createTime']) || Math.floor(Date.now() / 1000);
    const alsoBuilding = async (next: (b: DirectoryFollower | undefined) => DirectoryFollower | undefined) =>
      (
        await Promise.all(
          building.map(async (gen) => {
            const b = await getFollower(appid, openid, gen);
            const after = next(b);
            return after ? changeWrites(appid, b, after, gen) : [];
          }),
        )
      ).flat();
    if (record.event?.toLowerCase() === 'subscribe') {
      if (before?.subscribed) return [];
      const scene = String(record.item['eventKey'] ?? '').replace(/^qrscene_/, '');
      const after: DirectoryFollower = {
        openid,
        subscribed: true,
        subscribeTime: at,
        subscribeScene: scene ? 'ADD_SCENE_QR_CODE' : '',
        qrScene: scene,
        // WeChat forgets a follower's remark and tags when they unfollow.
        remark: '',
        tags: [],
      };
      return [
        ...(await changeWrites(appid, before, after, current)),
        ...(await alsoBuilding((b) => (b?.subscribed ? undefined : after))),
        countDeltaWrite(appid, 1, [], scene, await countsHaveMaps(appid)),
      ];
    }
    if (!before?.subscribed) return [];
    const unfollow = (f: DirectoryFollower): DirectoryFollower => {
      const { blocked: _blocked, ...rest } = f;
      return { ...rest, subscribed: false, unsubscribedAt: at };
    };
    return [
      ...(await changeWrites(appid, before, unfollow(before), current)),
      ...(await alsoBuilding((b) => (b?.subscribed ? unfollow(b) : undefined))),
      countDeltaWrite(appid, -1, before.tags, before.qrScene, await countsHaveMaps(appid)),
    ];
  },
};
