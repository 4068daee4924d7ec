import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect, inject } from 'vitest';
import type { ProxyFault } from '../../local/fault-proxy';
import { testDb } from './dynamo';

/**
 * Faults for the fault-injection families (test/faults/): WeChat answering an HTTP error through
 * the simulator, the storage proxies in front of DynamoDB Local and s3rver, and looks at what was
 * left behind.
 */

/** WeChat's front end answering `status` (a 5xx) on `path` for `appid`: `body` as is, else the gateway's HTML page. */
export const armWechatHttpFault = async (fault: { path: string; appid: string; status: number; body?: string; contentType?: string; times?: number }) => {
  const res = await fetch(`${inject('wechatBase')}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ times: 1, ...fault }),
  });
  expect(res.status).toBe(200);
};

/** Calls the simulator still has to fail (armed faults of `appid` not yet played). */
export const wechatFaultsLeft = async (appid: string): Promise<number> => {
  const res = await fetch(`${inject('wechatBase')}/__sim/faults`);
  if (res.status !== 200) return -1;
  const { faults } = (await res.json()) as { faults: { appid?: string; remaining: number }[] };
  return faults.filter((f) => f.appid === appid).reduce((n, f) => n + Math.max(f.remaining, 0), 0);
};

export type StorageProxy = 'dynamoFaults' | 's3Faults';

/** What this test file armed (each file has its own copy of this module). */
const armed = new Set<string>();

/** Arms a fault in the proxy before DynamoDB Local or s3rver (matching only this test's own marker). */
export const armStorageFault = async (proxy: StorageProxy, fault: ProxyFault) => {
  armed.add(fault.match);
  await fetch(`${inject(proxy)}/__faults`, { method: 'POST', body: JSON.stringify(fault) });
};

/**
 * Disarms the storage faults this test file armed (the service recovered). Test files run in
 * parallel against the same proxies, so another file's faults are left alone.
 */
export const disarmStorageFaults = async () => {
  const matches = [...armed];
  armed.clear();
  await Promise.all(
    matches.flatMap((match) =>
      (['dynamoFaults', 's3Faults'] as const).map((p) => fetch(`${inject(p)}/__faults?match=${encodeURIComponent(match)}`, { method: 'DELETE' })),
    ),
  );
};

const s3 = () =>
  new S3Client({
    endpoint: inject('s3Endpoint'),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

/** The bucket's objects under `prefix`. */
export const objectsUnder = async (prefix: string) =>
  (await s3().send(new ListObjectsV2Command({ Bucket: inject('bucketName'), Prefix: prefix }))).Contents ?? [];

/** Every item of one partition (strongly consistent). */
export const itemsOf = async (pk: string): Promise<Record<string, unknown>[]> =>
  (await testDb().send(new QueryCommand({ TableName: inject('tableName'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true })))
    .Items ?? [];
