import { contentJobsFeed } from './content-jobs';
import { followerDirectoryFeed } from './follower-directory';
import type { RecordPlugin } from './plugin';
import { qrScenesFeed } from './qr-scenes';
import { replyQuotaFeed } from './reply-quota';
import { statsCountersFeed } from './stats-counters';
import { templateJobsFeed } from './template-jobs';

/**
 * Every area's reaction to what the callback records, in one list: the stream consumer runs these
 * (in AWS and locally), and the consumer's table grants are derived from their `entities`. Adding
 * a plug-in is its file and one line here.
 */
export const recordPlugins: readonly RecordPlugin[] = [replyQuotaFeed, contentJobsFeed, statsCountersFeed, qrScenesFeed, followerDirectoryFeed, templateJobsFeed];
