import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeAesKey, decryptMessage, encryptMessage, openMessage, sealMessage } from '../../src/wechat/crypto';
import { WechatCryptoError } from '../../src/wechat/errors';
import { sha1Signature } from '../../src/wechat/signature';
import { parseWechatXml } from '../../src/wechat/xml';

/**
 * Published vectors, copied as published (none computed here):
 * - WeChat's own Python demo of its WXBizMsgCrypt library (Sample.py, "jonyqin", Tencent 2014),
 *   as vendored in charlesXu86/Chatbot_CN Chatbot_Web/impl/weixin/Sample.py.
 * - WeChat's Java sample test, as kept by WxJava's predecessor: chanjarster/weixin-java-tools
 *   weixin-java-common/src/test/java/me/chanjar/weixin/common/util/crypto/WxCryptUtilTest.java.
 * - EasyWeChat: w7corp/easywechat tests/Kernel/EncryptorTest.php.
 * - wechatpy: wechatpy/wechatpy tests/test_crypto.py (WeChat Work's callbacks: the same scheme with
 *   the CorpID where an account has its appid).
 */
const pythonSample = {
  token: 'spamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
};

const javaSample = {
  token: 'pamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  random: Buffer.from('aaaabbbbccccdddd', 'utf8'),
  shortReply: '我是中文abcd123',
  shortEncrypt: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
  videoReply:
    '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>',
  videoEncrypt:
    'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb',
};

const easyWechatSample = {
  token: 'pamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  msgSignature: '4f3ad57b6989f09f4eb392acce4f9e93942ed890',
  nonce: '260774613',
  timestamp: '1458300676',
  encrypt:
    'rTNFcsut4LfGuAFKEUVVpwcaCOTJzOd9twZdIW910jb3k+iicx2uvhttIZ3Qg9Qgty3BEF2xbOrz6boTfb30dMomcgrkTqdFPwnhqbk+kIQ7rZiwny9D7NUrTgA5kpX3KsZvrXzUZyP2x9YOlxbgm572lmxKvM7HAQQhIQ/p6HBmoY30bGXFK0BtIu1pW9TjhOYrLQoU18nWYjWqDA1ynkmOytpv7QRI1P1+0NoxL0q2zO1DgeSvnE8CZGo/o5Ap/WHK5W2RAsinpzN4/LjPnmB6U01I5XCoJoC0GK/yMZycd2Oh8Nq6+wBkC1U85oy0ktOY4nLvsQMLrourmMGdZHuTbqpeJ8Ao/5PRYJ+WBvRUwPfGKBL2+2IKZF49vAJqkcGWSHGE76ZN2erXeuNazf/o9o3lIE3q739o4c8t9QGPe31GT2Go/rOz1BsrASwvauNulCh+++yz+CQzBIuikA==',
};

const wechatpySample = {
  token: '123456',
  encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  appId: 'wx49f0ab532d5d035a',
  random: Buffer.from('1234567890123456', 'utf8'),
  reply: `<xml>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[test]]></Content>
<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>
<ToUserName><![CDATA[messense]]></ToUserName>
<AgentID>1</AgentID>
<CreateTime>1411525903</CreateTime>
</xml>`,
  replyEnvelope: `<xml>
<Encrypt><![CDATA[9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3]]></Encrypt>
<MsgSignature><![CDATA[407518b7649e86ef23978113f92d27afa9296533]]></MsgSignature>
<TimeStamp>1411525903</TimeStamp>
<Nonce><![CDATA[461056294]]></Nonce>
</xml>`,
  push: {
    msgSignature: '74d92dfeb87ba7c714f89d98870ae5eb62dff26d',
    timestamp: '1411525903',
    nonce: '461056294',
    encrypt:
      'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=',
  },
  echo: {
    msgSignature: 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96',
    timestamp: '1411443780',
    nonce: '437374425',
    encrypt: '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==',
  },
};

const reasonOf = (act: () => unknown): string | undefined => {
  try {
    act();
  } catch (error) {
    if (error instanceof WechatCryptoError) return error.reason;
    throw error;
  }
  return undefined;
};

describe('message crypto against WeChat’s own Python sample', () => {
  it('computes the published msg_signature over the published Encrypt', () => {
    const { token, timestamp, nonce, encrypt } = pythonSample;

    expect(sha1Signature(token, timestamp, nonce, encrypt)).toBe(pythonSample.msgSignature);
  });

  it('opens the published push to the message the sample shows', () => {
    const xml = openMessage(pythonSample);

    expect(parseWechatXml(xml)).toEqual({
      ToUserName: 'gh_10f6c3c3ac5a',
      FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      CreateTime: '1409735668',
      MsgType: 'text',
      Content: 'abcdteT',
      MsgId: '6054768590064713728',
    });
  });
});

describe('message crypto against WeChat’s Java sample (random prefix injected)', () => {
  const key = decodeAesKey(javaSample.encodingAesKey);
  const { appId, random } = javaSample;

  it('encrypts Chinese text byte for byte as published', () => {
    expect(encryptMessage(javaSample.shortReply, { key, appId, random })).toBe(javaSample.shortEncrypt);
  });

  it('encrypts a video reply byte for byte as published, and decrypts it back', () => {
    const encrypted = encryptMessage(javaSample.videoReply, { key, appId, random });

    expect(encrypted).toBe(javaSample.videoEncrypt);
    expect(decryptMessage(javaSample.videoEncrypt, { key, appId })).toBe(javaSample.videoReply);
    expect(decryptMessage(javaSample.shortEncrypt, { key, appId })).toBe(javaSample.shortReply);
  });
});

describe('message crypto against EasyWeChat’s vector', () => {
  it('opens the published push to the published fields', () => {
    const xml = parseWechatXml(openMessage(easyWechatSample));

    expect(xml).toMatchObject({
      ToUserName: 'asdasdasd',
      FromUserName: 'asdasdasdsadasd',
      CreateTime: '1234567898',
      Content: 'hello',
    });
  });

  it('refuses the published push for another appid, and with a forged signature', () => {
    expect(reasonOf(() => openMessage({ ...easyWechatSample, appId: 'invalid appid' }))).toBe('appid');
    expect(reasonOf(() => openMessage({ ...easyWechatSample, msgSignature: 'invalid-signature' }))).toBe('signature');
  });
});

describe('message crypto against wechatpy’s vectors (WeChat Work, same scheme)', () => {
  const { token, encodingAesKey, appId } = wechatpySample;

  it('seals a reply into the published envelope when given the same random prefix', () => {
    // Act
    const sealed = sealMessage({
      xml: wechatpySample.reply,
      token,
      encodingAesKey,
      appId,
      timestamp: '1411525903',
      nonce: '461056294',
      random: wechatpySample.random,
    });

    // Assess: the same bytes as wechatpy's, which puts a newline between elements
    expect(sealed.envelope).toBe(wechatpySample.replyEnvelope.replaceAll('\n', ''));
    expect(sealed.msgSignature).toBe('407518b7649e86ef23978113f92d27afa9296533');
  });

  it('opens the published push', () => {
    const xml = parseWechatXml(openMessage({ ...wechatpySample.push, token, encodingAesKey, appId }));

    expect(xml).toMatchObject({ Content: 'test', FromUserName: 'messense' });
  });

  it('verifies the published URL-check echostr, and refuses it under another nonce', () => {
    const echo = wechatpySample.echo;

    expect(openMessage({ ...echo, token, encodingAesKey, appId })).not.toBe('');
    expect(reasonOf(() => openMessage({ ...echo, nonce: '437374424', token, encodingAesKey, appId }))).toBe('signature');
  });
});

describe('message crypto rejections', () => {
  const key = decodeAesKey(pythonSample.encodingAesKey);

  /** Encrypts raw bytes with WeChat's key and IV and no padding of ours, to build broken plaintexts. */
  const rawEncrypt = (plain: Buffer): string => {
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  };
  const uint32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const pkcs7 = (data: Buffer) => {
    const amount = 32 - (data.length % 32);
    return Buffer.concat([data, Buffer.alloc(amount, amount)]);
  };

  it('rejects a wrong, short or stale msg_signature before decrypting anything', () => {
    expect(reasonOf(() => openMessage({ ...pythonSample, msgSignature: '0'.repeat(40) }))).toBe('signature');
    expect(reasonOf(() => openMessage({ ...pythonSample, msgSignature: 'short' }))).toBe('signature');
    expect(reasonOf(() => openMessage({ ...pythonSample, msgSignature: '' }))).toBe('signature');
    expect(reasonOf(() => openMessage({ ...pythonSample, nonce: 'other' }))).toBe('signature');
    // Not base64 at all, yet the answer is 'signature': the ciphertext was never looked at.
    expect(reasonOf(() => openMessage({ ...pythonSample, encrypt: '%%%' }))).toBe('signature');
  });

  it('rejects a message meant for another appid', () => {
    expect(reasonOf(() => decryptMessage(pythonSample.encrypt, { key, appId: 'wx0000000000000000' }))).toBe('appid');
    expect(reasonOf(() => decryptMessage(pythonSample.encrypt, { key, appId: '' }))).toBe('appid');
  });

  it('rejects bad padding', () => {
    // Prepare: a zero pad byte, a pad that disagrees with itself, a pad longer than 32, a partial block
    const zero = Buffer.concat([randomBytes(16), uint32(1), Buffer.from('x'), Buffer.alloc(11, 0)]);
    const inconsistent = Buffer.concat([randomBytes(30), Buffer.from([1, 2])]);
    const tooLong = Buffer.concat([randomBytes(31), Buffer.from([33])]);
    const partialBlock = Buffer.alloc(20).toString('base64');

    // Act + Assess
    expect(reasonOf(() => decryptMessage(rawEncrypt(zero), { key, appId: '' }))).toBe('padding');
    expect(reasonOf(() => decryptMessage(rawEncrypt(inconsistent), { key, appId: '' }))).toBe('padding');
    expect(reasonOf(() => decryptMessage(rawEncrypt(tooLong), { key, appId: '' }))).toBe('padding');
    expect(reasonOf(() => decryptMessage(partialBlock, { key, appId: '' }))).toBe('padding');
  });

  it('rejects text that is not base64', () => {
    expect(reasonOf(() => decryptMessage('not base64 at all!', { key, appId: pythonSample.appId }))).toBe('base64');
    expect(reasonOf(() => decryptMessage('', { key, appId: pythonSample.appId }))).toBe('base64');
    expect(reasonOf(() => decryptMessage(pythonSample.encrypt.slice(1), { key, appId: pythonSample.appId }))).toBe('base64');
  });

  it('calls text base64 exactly when it is standard base64 with its padding (no base64url, nothing skipped)', () => {
    // Prepare: short random texts over base64's characters and the ones a lenient decoder skips or maps
    const alphabet = ['A', 'b', '0', '+', '/', '=', '-', '_', ' ', '\n', '.', 'é', '中', '%'];
    const standard = /^[A-Za-z0-9+/]+={0,2}$/;
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: randomInt(13) }, () => alphabet[randomInt(alphabet.length)]).join('');

      // Act
      const reason = reasonOf(() => decryptMessage(text, { key, appId: '' }));

      // Assess
      expect(reason === 'base64', JSON.stringify(text)).toBe(!(standard.test(text) && text.length % 4 === 0));
    }
  });

  it('rejects a length field that points past the end, and a message too short to hold one', () => {
    const pastTheEnd = pkcs7(Buffer.concat([randomBytes(16), uint32(1000), Buffer.from('<xml/>')]));
    const tooShort = pkcs7(randomBytes(18));

    expect(reasonOf(() => decryptMessage(rawEncrypt(pastTheEnd), { key, appId: '' }))).toBe('length');
    expect(reasonOf(() => decryptMessage(rawEncrypt(tooShort), { key, appId: '' }))).toBe('length');
  });

  it('rejects an EncodingAESKey that is not 43 base64 characters, and a key that is not 32 bytes', () => {
    expect(reasonOf(() => decodeAesKey('too-short'))).toBe('key');
    expect(reasonOf(() => decodeAesKey(`${pythonSample.encodingAesKey}A`))).toBe('key');
    expect(reasonOf(() => decodeAesKey(`${pythonSample.encodingAesKey.slice(1)}!`))).toBe('key');
    expect(reasonOf(() => encryptMessage('<xml/>', { key: randomBytes(16), appId: 'wx1' }))).toBe('key');
    expect(reasonOf(() => openMessage({ ...pythonSample, encodingAesKey: 'abc' }))).toBe('key');
  });
});

describe('message crypto round trips', () => {
  const alphabet = ['a', 'Z', '0', ' ', '<', '>', '&', ']]>', '\n', 'é', '中', '文', '😀', '👩‍💻', '\u0000'];
  const randomText = (maxLength: number) =>
    Array.from({ length: randomInt(maxLength + 1) }, () => alphabet[randomInt(alphabet.length)]).join('');
  const randomAesKey = () => randomBytes(33).toString('base64').replace(/[+/]/g, 'x').slice(0, 43);

  it('opens what it seals for 300 random payloads, multi-byte text included', () => {
    for (let i = 0; i < 300; i++) {
      // Prepare
      const xml = randomText(300);
      const receiver = { token: randomBytes(8).toString('hex'), encodingAesKey: randomAesKey(), appId: `wx${randomBytes(8).toString('hex')}` };
      const timestamp = String(1_700_000_000 + i);
      const nonce = String(randomInt(1e9));

      // Act
      const sealed = sealMessage({ xml, ...receiver, timestamp, nonce });
      const opened = openMessage({ encrypt: sealed.encrypt, msgSignature: sealed.msgSignature, timestamp, nonce, ...receiver });

      // Assess
      expect(opened).toBe(xml);
      expect(Buffer.from(sealed.encrypt, 'base64').length % 32).toBe(0);
    }
  });

  it('gives byte for byte what a fresh cipher gives, message after message, keys interleaved and after a refused one', () => {
    // Prepare: two keys used in turn (each keeps its cipher across messages), a reference cipher made afresh each time
    const keys = [decodeAesKey(randomAesKey()), decodeAesKey(randomAesKey())];
    const fresh = (key: Buffer, plain: Buffer) => {
      const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
      return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
    };
    for (let i = 0; i < 50; i++) {
      const key = keys[i % 2]!;
      const random = randomBytes(16);
      const xml = `<xml>${randomText(100)}</xml>`;
      const xmlBytes = Buffer.from(xml);
      const body = Buffer.concat([random, Buffer.alloc(4), xmlBytes, Buffer.from('wx1')]);
      body.writeUInt32BE(xmlBytes.length, 16);
      const amount = 32 - (body.length % 32);
      const expected = fresh(key, Buffer.concat([body, Buffer.alloc(amount, amount)]));
      if (i % 7 === 3) expect(() => decryptMessage(Buffer.alloc(32, 7).toString('base64'), { key, appId: 'wx1' })).toThrow(WechatCryptoError);

      // Act
      const encrypted = encryptMessage(xml, { key, appId: 'wx1', random });
      const opened = decryptMessage(expected, { key, appId: 'wx1' });

      // Assess
      expect(encrypted).toBe(expected);
      expect(opened).toBe(xml);
    }
  });

  it('encrypts the same message differently each time, both opening to it', () => {
    const key = decodeAesKey(randomAesKey());

    const first = encryptMessage('<xml>同じ</xml>', { key, appId: 'wx1' });
    const second = encryptMessage('<xml>同じ</xml>', { key, appId: 'wx1' });

    expect(first).not.toBe(second);
    expect(decryptMessage(first, { key, appId: 'wx1' })).toBe('<xml>同じ</xml>');
    expect(decryptMessage(second, { key, appId: 'wx1' })).toBe('<xml>同じ</xml>');
  });

  it('wraps the ciphertext in WeChat’s envelope, timestamp bare, and it reads back', () => {
    const sealed = sealMessage({ xml: '<xml><a>1</a></xml>', ...pythonSample });

    const envelope = parseWechatXml(sealed.envelope);

    expect(envelope).toEqual({
      Encrypt: sealed.encrypt,
      MsgSignature: sealed.msgSignature,
      TimeStamp: pythonSample.timestamp,
      Nonce: pythonSample.nonce,
    });
    expect(sealed.envelope).toContain(`<TimeStamp>${pythonSample.timestamp}</TimeStamp>`);
  });

  it('keeps a timestamp that is not a plain number exactly as signed', () => {
    const sealed = sealMessage({ xml: '<xml/>', ...pythonSample, timestamp: '0123' });

    expect(parseWechatXml(sealed.envelope)['TimeStamp']).toBe('0123');
  });
});
