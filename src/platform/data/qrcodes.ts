import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, queryAll, table } from '../../core/data/client';

/**
 * QR codes by scene, with what they brought (issue 26 item 4):
 *   QRCODES#<appid> / SCENE#<32 hex of sha256(scene)>
 *     scene, action, ticket, url, expireSeconds, createdAt, expiresAt (absent: permanent)   from qrcode/create
 *     scans, followers                                                                        fed by the record stream
 * One item per scene: a scene's newest code replaces the ticket, the counts stay (they are the
 * scene's, whichever code was scanned). A scene scanned but never made here (a code from WeChat's
 * back office) has counts and no ticket.
 */
export const qrcodesPk = (appid: string) => `QRCODES#${appid}`;
const sceneSk = (scene: string) => `SCENE#${createHash('sha256').update(scene, 'utf8').digest('hex').slice(0, 32)}`;

export interface StoredQrcode {
  scene: string;
  action?: string;
  ticket?: string;
  url?: string;
  expireSeconds?: number;
  createdAt?: string;
  expiresAt?: string;
  scans: number;
  followers: number;
}

export const saveQrcode = async (
  appid: string,
  code: { scene: string; action: string; ticket: string; url: string; expireSeconds?: number | null },
  now = new Date(),
): Promise<void> => {
  const expiresAt = code.expireSeconds ? new Date(now.getTime() + code.expireSeconds * 1000).toISOString() : undefined;
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: qrcodesPk(appid), sk: sceneSk(code.scene) },
      UpdateExpression: `SET scene = :scene, #action = :action, ticket = :ticket, #url = :url, createdAt = :at${expiresAt ? ', expireSeconds = :e, expiresAt = :x' : ''}${expiresAt ? '' : ' REMOVE expireSeconds, expiresAt'}`,
      ExpressionAttributeNames: { '#action': 'action', '#url': 'url' },
      ExpressionAttributeValues: {
        ':scene': code.scene,
        ':action': code.action,
        ':ticket': code.ticket,
        ':url': code.url,
        ':at': now.toISOString(),
        ...(expiresAt ? { ':e': code.expireSeconds, ':x': expiresAt } : {}),
      },
    }),
  );
};

/** One scan of a scene (a SCAN, or a subscribe through the code: then a new follower too). */
export const qrSceneWrite = (appid: string, scene: string, newFollower: boolean) => ({
  Update: {
    Key: { pk: qrcodesPk(appid), sk: sceneSk(scene) },
    UpdateExpression: `SET scene = :scene ADD scans :one${newFollower ? ', followers :one' : ''}`,
    ExpressionAttributeValues: { ':scene': scene, ':one': 1 },
  },
});

export const listQrcodes = async (appid: string): Promise<StoredQrcode[]> =>
  (await queryAll({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': qrcodesPk(appid) } })).map((item) => ({
    scene: String(item['scene']),
    ...(item['action'] ? { action: String(item['action']) } : {}),
    ...(item['ticket'] ? { ticket: String(item['ticket']) } : {}),
    ...(item['url'] ? { url: String(item['url']) } : {}),
    ...(item['expireSeconds'] ? { expireSeconds: Number(item['expireSeconds']) } : {}),
    ...(item['createdAt'] ? { createdAt: String(item['createdAt']) } : {}),
    ...(item['expiresAt'] ? { expiresAt: String(item['expiresAt']) } : {}),
    scans: Number(item['scans'] ?? 0),
    followers: Number(item['followers'] ?? 0),
  }));
