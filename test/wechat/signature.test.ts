import { describe, expect, it } from 'vitest';
import { safeEqualHex, sha1Signature, verifyUrlSignature } from '../../src/wechat/signature';

describe('signatures', () => {
  it('sorts the parts before hashing, so their order does not matter', () => {
    expect(sha1Signature('b', 'a', 'c')).toBe(sha1Signature('c', 'b', 'a'));
    expect(sha1Signature('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('verifies URL signatures and refuses altered ones', () => {
    const signature = sha1Signature('token', '1409735669', '1320562132');

    expect(verifyUrlSignature({ token: 'token', timestamp: '1409735669', nonce: '1320562132', signature })).toBe(true);
    expect(verifyUrlSignature({ token: 'token', timestamp: '1409735670', nonce: '1320562132', signature })).toBe(false);
    expect(verifyUrlSignature({ token: 'token', timestamp: '1409735669', nonce: '1320562132', signature: '' })).toBe(false);
  });

  it('compares hex digests in constant time, case-insensitively, and false on length mismatch', () => {
    expect(safeEqualHex('ABCDEF', 'abcdef')).toBe(true);
    expect(safeEqualHex('abcdef', 'abcde')).toBe(false);
  });
});
