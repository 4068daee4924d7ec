import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTenantKey, testTenantKey } from '../../local/tenant-key';

describe('the local keyring’s key', () => {
  it('is generated once under the data dir (mode 600) and read back on the next start', () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'socialinzen-key-'));
    try {
      // Act
      const first = localTenantKey(dataDir);
      const second = localTenantKey(dataDir);

      // Assess
      expect(Buffer.from(first, 'base64')).toHaveLength(32);
      expect(second).toBe(first);
      expect(first).not.toBe(testTenantKey);
      expect(statSync(join(dataDir, 'tenant-secrets.key')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is the fixed test key when there is no data dir (the test suite’s in-memory stack)', () => {
    expect(localTenantKey(undefined)).toBe(testTenantKey);
  });
});
