import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local keyring's master key (TENANT_LOCAL_KEY, base64 of 32 bytes). `npm start` generates one
 * the first time and keeps it beside the data it protects (`<data dir>/tenant-secrets.key`, mode
 * 600), so a restart reads the same secrets; losing the file loses the stored tenant secrets, as
 * deleting the KMS key would in AWS. The tests use a fixed key.
 */
export const testTenantKey = Buffer.alloc(32, 0x5a).toString('base64');

export const localTenantKey = (dataDir: string | undefined): string => {
  if (!dataDir) return testTenantKey;
  const file = join(dataDir, 'tenant-secrets.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
};
