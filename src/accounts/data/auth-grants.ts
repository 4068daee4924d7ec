import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, table } from '../../core/data/client';

/**
 * What WeChat's `authorized` push says about an authorization code: which pre_auth_code (so which
 * authorization page, so which of our states) it was issued for, and for which account. Kept by
 * the code's SHA-256 until the code expires (WeChat: one hour).
 *   AUTHGRANT#<sha256 of auth_code> / AUTHGRANT   preAuthHash, appid, ttl
 */
const key = (codeHash: string) => ({ pk: `AUTHGRANT#${codeHash}`, sk: 'AUTHGRANT' });

export interface AuthGrant {
  preAuthHash: string;
  appid: string;
}

export const recordAuthGrant = async (codeHash: string, grant: AuthGrant, expiresAt: number): Promise<void> => {
  await db.send(new PutCommand({ TableName: table(), Item: { ...key(codeHash), type: 'authGrant', ...grant, ttl: expiresAt } }));
};

export const readAuthGrant = async (codeHash: string, now = Date.now()): Promise<AuthGrant | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key(codeHash), ConsistentRead: true }));
  if (!Item || (Item['ttl'] as number) <= epochSeconds(now)) return undefined;
  return { preAuthHash: Item['preAuthHash'] as string, appid: Item['appid'] as string };
};
