import { describe, expect, it } from 'vitest';
import { WechatXmlError } from '../../src/wechat/errors';
import { buildWechatXml, parseWechatXml } from '../../src/wechat/xml';

const reasonOf = (text: string, maxBytes?: number): string | undefined => {
  try {
    parseWechatXml(text, maxBytes === undefined ? {} : { maxBytes });
  } catch (error) {
    if (error instanceof WechatXmlError) return error.reason;
    throw error;
  }
  return undefined;
};

describe('WeChat XML parsing', () => {
  it('reads CDATA and plain values as the exact strings sent', () => {
    const xml = parseWechatXml(
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>0001</CreateTime><Content><![CDATA[  你好 <b> ]]></Content></xml>',
    );

    expect(xml).toEqual({ ToUserName: 'gh_1', CreateTime: '0001', Content: '  你好 <b> ' });
  });

  it('reads nested elements and lists of items', () => {
    const xml = parseWechatXml(
      '<xml><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType></ScanCodeInfo><Articles><item><Title><![CDATA[one]]></Title></item></Articles></xml>',
    );

    expect(xml).toEqual({ ScanCodeInfo: { ScanType: 'qrcode' }, Articles: { item: [{ Title: 'one' }] } });
  });

  it('refuses a DOCTYPE, an internal entity bomb and an external entity', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><A>&lol2;</A></xml>`;
    const external = `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><A>&xxe;</A></xml>`;
    const lowercase = `<!doctype xml><xml><A>1</A></xml>`;

    expect(reasonOf(laughs)).toBe('doctype');
    expect(reasonOf(external)).toBe('doctype');
    expect(reasonOf(lowercase)).toBe('doctype');
  });

  it('refuses input over the size limit before parsing it', () => {
    expect(reasonOf(`<xml><A>${'x'.repeat(70 * 1024)}</A></xml>`)).toBe('too_large');
    expect(reasonOf('<xml><A>12345</A></xml>', 10)).toBe('too_large');
  });

  it('refuses malformed XML and a root other than <xml>', () => {
    expect(reasonOf('<xml><A>1</B></xml>')).toBe('malformed');
    expect(reasonOf('not xml at all')).toBe('malformed');
    expect(reasonOf('<xml><A>1</A>')).toBe('malformed');
    expect(reasonOf('<root><A>1</A></root>')).toBe('root');
    expect(['malformed', 'root']).toContain(reasonOf('<xml><A>1</A></xml><xml><A>2</A></xml>'));
  });
});

describe('WeChat XML building', () => {
  it('puts strings in CDATA and numbers bare, lists as repeated items', () => {
    const xml = buildWechatXml({
      ToUserName: 'o1',
      CreateTime: 1700000000,
      ArticleCount: 2,
      Articles: [{ Title: 'a' }, { Title: 'b' }],
    });

    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[o1]]></ToUserName><CreateTime>1700000000</CreateTime><ArticleCount>2</ArticleCount>' +
        '<Articles><item><Title><![CDATA[a]]></Title></item><item><Title><![CDATA[b]]></Title></item></Articles></xml>',
    );
  });

  it('keeps "]]>" and multi-byte text intact through a build and parse', () => {
    const content = 'end]]>of <cdata> & 中文 😀 ]]]]>';

    const parsed = parseWechatXml(buildWechatXml({ Content: content, Nested: { Inner: content } }));

    expect(parsed).toEqual({ Content: content, Nested: { Inner: content } });
  });
});
