import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeAesKey, decryptMessage, encryptMessage, openMessage, sealMessage } from '../../src/wechat/crypto';
import { WechatCryptoError } from '../../src/wechat/errors';
import { sha1Signature } from '../../src/wechat/signature';
import { parseWechatXml } from '../../src/wechat/xml';

/**
 * WeChat's published sample for message encryption: the WXBizMsgCrypt demo (Sample.py) shipped
 * with WeChat's official crypto library — token "spamtest", EncodingAESKey
 * "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appid "wx2c2769f8efd9abc2".
 */
const sample = {
  token: 'spamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
};

const key = decodeAesKey(sample.encodingAesKey);

/** Encrypts raw bytes with WeChat's key/IV and no padding, to build broken ciphertexts. */
const rawEncrypt = (plain: Buffer): string => {
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
};

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof WechatCryptoError) return error.reason;
    throw error;
  }
  return undefined;
};

describe('message crypto against WeChat’s published sample', () => {
  it('verifies the published msg_signature over the published Encrypt', () => {
    expect(sha1Signature(sample.token, sample.timestamp, sample.nonce, sample.encrypt)).toBe(sample.msgSignature);
  });

  it('decrypts the published Encrypt to the published message', () => {
    const xml = openMessage(sample);

    expect(parseWechatXml(xml)).toEqual({
      ToUserName: 'gh_10f6c3c3ac5a',
      FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      CreateTime: '1409735668',
      MsgType: 'text',
      Content: 'abcdteT',
      MsgId: '6054768590064713728',
    });
  });

  it('re-encrypts the sample plaintext to the published ciphertext when given its random prefix', () => {
    // The first 16 plaintext bytes are the sender's random; recover them to reproduce WeChat's bytes.
    const plaintext = decryptMessage(sample.encrypt, { key, appId: sample.appId });
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const random = decipher.update(Buffer.from(sample.encrypt, 'base64').subarray(0, 16));

    expect(encryptMessage(plaintext, { key, appId: sample.appId, random })).toBe(sample.encrypt);
  });
});

describe('message crypto rejections', () => {
  it('rejects a wrong msg_signature before decrypting', () => {
    expect(reasonOf(() => openMessage({ ...sample, msgSignature: '0'.repeat(40) }))).toBe('signature');
    expect(reasonOf(() => openMessage({ ...sample, msgSignature: 'short' }))).toBe('signature');
    expect(reasonOf(() => openMessage({ ...sample, nonce: 'other' }))).toBe('signature');
  });

  it('rejects a message meant for another appid', () => {
    expect(reasonOf(() => decryptMessage(sample.encrypt, { key, appId: 'wx0000000000000000' }))).toBe('appid');
  });

  it('rejects bad padding', () => {
    const plain = Buffer.concat([randomBytes(16), Buffer.from([0, 0, 0, 1]), Buffer.from('x'), Buffer.alloc(11, 0)]);
    expect(reasonOf(() => decryptMessage(rawEncrypt(plain), { key, appId: '' }))).toBe('padding');
    const inconsistent = Buffer.concat([randomBytes(30), Buffer.from([1, 2])]);
    expect(reasonOf(() => decryptMessage(rawEncrypt(inconsistent), { key, appId: '' }))).toBe('padding');
    expect(reasonOf(() => decryptMessage(Buffer.alloc(20).toString('base64'), { key, appId: '' }))).toBe('padding');
  });

  it('rejects text that is not base64', () => {
    expect(reasonOf(() => decryptMessage('not base64 at all!', { key, appId: sample.appId }))).toBe('base64');
    expect(reasonOf(() => decryptMessage('', { key, appId: sample.appId }))).toBe('base64');
  });

  it('rejects a length field that points past the end', () => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(1000);
    const plain = Buffer.concat([randomBytes(16), length, Buffer.from('<xml/>')]);
    const padded = Buffer.concat([plain, Buffer.alloc(32 - (plain.length % 32), 32 - (plain.length % 32))]);
    expect(reasonOf(() => decryptMessage(rawEncrypt(padded), { key, appId: '' }))).toBe('length');
  });

  it('rejects an EncodingAESKey that is not 43 base64 characters', () => {
    expect(reasonOf(() => decodeAesKey('too-short'))).toBe('key');
    expect(reasonOf(() => decodeAesKey(`${sample.encodingAesKey}A`))).toBe('key');
  });
});

describe('message crypto round trips', () => {
  const alphabet = ['a', 'Z', '0', ' ', '<', '>', '&', ']]>', '中', '文', '😀', '\n', 'é'];

  it('decrypts what it encrypts for 300 random payloads, multi-byte text included', () => {
    for (let i = 0; i < 300; i++) {
      const size = Math.floor(Math.random() * 200);
      const text = Array.from({ length: size }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
      const encodingAesKey = randomBytes(32).toString('base64').slice(0, 43);
      const appId = `wx${randomBytes(8).toString('hex')}`;
      const sealed = sealMessage({ xml: text, token: 'tok', encodingAesKey, appId, timestamp: String(i), nonce: `n${i}` });

      const opened = openMessage({ ...sealed, msgSignature: sealed.msgSignature, token: 'tok', encodingAesKey, appId });

      expect(opened).toBe(text);
    }
  });

  it('wraps the ciphertext in WeChat’s envelope with a verifiable signature', () => {
    const sealed = sealMessage({ xml: '<xml><a>1</a></xml>', ...sample, timestamp: '1409735669' });

    const envelope = parseWechatXml(sealed.envelope);

    expect(envelope).toEqual({
      Encrypt: sealed.encrypt,
      MsgSignature: sealed.msgSignature,
      TimeStamp: '1409735669',
      Nonce: sample.nonce,
    });
    expect(sealed.envelope).toContain('<TimeStamp>1409735669</TimeStamp>');
  });
});
