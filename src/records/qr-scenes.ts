import { qrSceneWrite } from '../platform/data/qrcodes';
import type { RecordPlugin } from './plugin';
import { qrSceneOf } from './stats-counters';

/**
 * Scans and new followers per QR scene, kept on the scene's code (src/platform/data/qrcodes.ts) for
 * the QR list: a SCAN counts a scan, a subscribe through a code a scan and a new follower.
 */
export const qrScenesFeed: RecordPlugin = {
  id: 'platform.qrScenes',
  wants: { msgTypes: ['event'], events: ['subscribe', 'SCAN'] },
  entities: ['QRCODE'],
  handle: (record) => {
    const qr = qrSceneOf(record.event, record.item['eventKey']);
    return qr && record.appid ? [qrSceneWrite(record.appid, qr.scene, qr.newFollower)] : [];
  },
};
