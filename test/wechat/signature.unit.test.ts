import { describe, expect, it } from 'vitest';
import { sha1Hex, sha1Signature, verifySha1Signature, verifyUrlSignature } from '../../src/wechat/signature';

/**
 * Published vectors: sha1("abc") (FIPS 180's own example, also silenceper/wechat
 * util/signature_test.go: Signature("a","b","c")); the URL signature from wechatpy/wechatpy
 * tests/test_utils.py (test_check_signature_should_ok / _should_fail).
 */
describe('signatures', () => {
  it('hashes the parts sorted and joined, so their order does not matter', () => {
    expect(sha1Signature('a', 'b', 'c')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Signature('c', 'a', 'b')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('sorts as strings, not numbers, and takes any number of parts', () => {
    expect(sha1Signature('10', '9')).toBe(sha1Hex('109'));
    expect(sha1Signature('b', 'a', 'd', 'c', 'e')).toBe(sha1Hex('abcde'));
  });

  it('accepts wechatpy’s published URL signature and refuses its altered one', () => {
    const published = { token: 'test', timestamp: '1410685589', nonce: 'test' };

    expect(verifyUrlSignature({ ...published, signature: 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff' })).toBe(true);
    expect(verifyUrlSignature({ ...published, signature: 'f21891de399b4e33a1a93c9a7b8a8fffb5a443fe' })).toBe(false);
  });

  it('refuses a URL signature for other parameters, an empty one and one of the wrong length', () => {
    const signature = sha1Signature('token', '1409735669', '1320562132');

    expect(verifyUrlSignature({ token: 'token', timestamp: '1409735669', nonce: '1320562132', signature })).toBe(true);
    expect(verifyUrlSignature({ token: 'token', timestamp: '1409735670', nonce: '1320562132', signature })).toBe(false);
    expect(verifyUrlSignature({ token: 'other', timestamp: '1409735669', nonce: '1320562132', signature })).toBe(false);
    expect(verifyUrlSignature({ token: 'token', timestamp: '1409735669', nonce: '1320562132', signature: '' })).toBe(false);
    expect(verifyUrlSignature({ token: 'token', timestamp: '1409735669', nonce: '1320562132', signature: `${signature}0` })).toBe(false);
  });

  it('verifies a signature in either case, and refuses (never throws on) one of the wrong length or not hex', () => {
    const signature = sha1Signature('token', '1409735669', '1320562132', 'Encrypt');
    const parts = ['token', '1409735669', '1320562132', 'Encrypt'] as const;

    expect(verifySha1Signature(signature, ...parts)).toBe(true);
    expect(verifySha1Signature(signature.toUpperCase(), ...parts)).toBe(true);
    expect(verifySha1Signature(signature, 'token', '1409735669', '1320562132')).toBe(false);
    expect(verifySha1Signature(signature.slice(0, 39), ...parts)).toBe(false);
    expect(verifySha1Signature(`${signature}00`, ...parts)).toBe(false);
    expect(verifySha1Signature(`${signature.slice(0, 38)}zz`, ...parts)).toBe(false);
    expect(verifySha1Signature(`${signature.slice(0, 38)}中中`, ...parts)).toBe(false);
    expect(verifySha1Signature('', ...parts)).toBe(false);
  });
});
