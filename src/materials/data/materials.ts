import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from '../../core/data/client';

/**
 * Materials the platform uploaded for an account (WeChat stays the source of truth for lists).
 *   MATERIALS#<appid> / MEDIA#<mediaId>   materialType, name, size, sha256, url, createdAt
 */
export interface MaterialRecord {
  appid: string;
  mediaId: string;
  materialType: string;
  name: string;
  size: number;
  sha256: string;
  url?: string;
  createdAt: string;
}

export const materialKey = (appid: string, mediaId: string) => ({ pk: `MATERIALS#${appid}`, sk: `MEDIA#${mediaId}` });

export const putMaterial = (record: MaterialRecord) =>
  db.send(new PutCommand({ TableName: table(), Item: { ...materialKey(record.appid, record.mediaId), type: 'material', ...record } }));

export const deleteMaterialRecord = (appid: string, mediaId: string) =>
  db.send(new DeleteCommand({ TableName: table(), Key: materialKey(appid, mediaId) }));

/** One material the platform uploaded (an article's cover must be a permanent image of the same account). */
export const getMaterialRecord = async (appid: string, mediaId: string): Promise<MaterialRecord | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: materialKey(appid, mediaId) }));
  return Item as MaterialRecord | undefined;
};
