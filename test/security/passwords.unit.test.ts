import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/core/security/passwords';
import { hashToken, newToken } from '../../src/core/security/tokens';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');

    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('salts each hash, so one password hashes differently twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);

    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('hashes at scrypt N = 2^15, r = 8, p = 1 unless PASSWORD_HASH_LOG2N lowers N (10..15 only), and verifies hashes of either cost', async () => {
    const previous = process.env['PASSWORD_HASH_LOG2N'];
    const withCost = async (value: string | undefined) => {
      if (value === undefined) delete process.env['PASSWORD_HASH_LOG2N'];
      else process.env['PASSWORD_HASH_LOG2N'] = value;
      return hashPassword('some password');
    };
    try {
      const full = await withCost(undefined);
      const lowered = await withCost('10');
      const ignored = await Promise.all(['9', '16', '12.5', 'x'].map(withCost));

      expect(full).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
      expect(lowered).toMatch(/^scrypt\$10\$8\$1\$/);
      for (const hash of ignored) expect(hash).toMatch(/^scrypt\$15\$8\$1\$/);
      delete process.env['PASSWORD_HASH_LOG2N'];
      expect(await verifyPassword('some password', lowered)).toBe(true);
      expect(await verifyPassword('some password!', lowered)).toBe(false);
      expect(await verifyPassword('some password', full)).toBe(true);
    } finally {
      if (previous === undefined) delete process.env['PASSWORD_HASH_LOG2N'];
      else process.env['PASSWORD_HASH_LOG2N'] = previous;
    }
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$15$8$1$$')).toBe(false);
  });
});

describe('session tokens', () => {
  it('carries 256 random bits and hashes to sha256 hex', () => {
    const token = newToken();

    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
