import { describe, expect, it } from 'vitest';
import { WechatXmlError } from '../../src/wechat/errors';
import { buildWechatXml, field, parseWechatXml } from '../../src/wechat/xml';

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
  it('reads a text message as WeChat sends it, every value the exact string sent', () => {
    // Prepare: WeChat's layout, indented as in its documentation
    const text = `<xml>
  <ToUserName><![CDATA[gh_1]]></ToUserName>
  <FromUserName><![CDATA[oUser]]></FromUserName>
  <CreateTime>1348831860</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[  你好 <b> & 😀 ]]></Content>
  <MsgId>0001</MsgId>
</xml>`;

    // Act
    const xml = parseWechatXml(text);

    // Assess
    expect(xml).toEqual({
      ToUserName: 'gh_1',
      FromUserName: 'oUser',
      CreateTime: '1348831860',
      MsgType: 'text',
      Content: '  你好 <b> & 😀 ',
      MsgId: '0001',
    });
    expect(Object.keys(xml)).toEqual(['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId']);
  });

  it('keeps numbers as strings: leading zeros, long ids and decimals unchanged', () => {
    const xml = parseWechatXml('<xml><A>0001</A><B>6054768590064713728</B><C>1.50</C><D>1e3</D><E>-0</E></xml>');

    expect(xml).toEqual({ A: '0001', B: '6054768590064713728', C: '1.50', D: '1e3', E: '-0' });
  });

  it('drops the indentation around CDATA but never trims inside it', () => {
    const xml = parseWechatXml('<xml><MsgType>  <![CDATA[video]]></MsgType><Blank><![CDATA[   ]]></Blank><Empty></Empty><Self/></xml>');

    expect(xml).toEqual({ MsgType: 'video', Blank: '   ', Empty: '', Self: '' });
  });

  it('joins text and CDATA pieces in document order', () => {
    const xml = parseWechatXml('<xml><A>x<![CDATA[ y ]]>z</A></xml>');

    expect(xml).toEqual({ A: 'x y z' });
  });

  it('decodes XML’s own entities in plain text, and nothing in CDATA', () => {
    const xml = parseWechatXml('<xml><A>a &amp; b &lt;&gt; &quot;&apos; &#20013;&#x6587;</A><B><![CDATA[&amp;]]></B><C>&undeclared;</C></xml>');

    expect(xml).toEqual({ A: `a & b <> "' 中文`, B: '&amp;', C: '&undeclared;' });
  });

  it('reads nested event fields and news lists, one item or many', () => {
    const xml = parseWechatXml(
      '<xml><Event><![CDATA[scancode_waitmsg]]></Event>' +
        '<ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo>' +
        '<Articles><item><Title><![CDATA[one]]></Title></item></Articles>' +
        '<More><item><Title><![CDATA[a]]></Title></item><item><Title><![CDATA[b]]></Title></item></More></xml>',
    );

    expect(xml).toEqual({
      Event: 'scancode_waitmsg',
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '1' },
      Articles: { item: [{ Title: 'one' }] },
      More: { item: [{ Title: 'a' }, { Title: 'b' }] },
    });
  });

  it('gathers a repeated element into a list', () => {
    const xml = parseWechatXml('<xml><Id>1</Id><Id>2</Id><Id>3</Id></xml>');

    expect(xml).toEqual({ Id: ['1', '2', '3'] });
  });

  it('accepts the XML declaration and comments, and an empty <xml/>', () => {
    expect(parseWechatXml('<?xml version="1.0" encoding="UTF-8"?>\n<xml><!-- c --><A>1</A></xml>\n')).toEqual({ A: '1' });
    expect(parseWechatXml('<xml/>')).toEqual({});
  });

  it('reads a user’s text that merely mentions <!DOCTYPE inside CDATA', () => {
    const xml = parseWechatXml('<xml><Content><![CDATA[<!DOCTYPE html><!ENTITY x "y">]]></Content></xml>');

    expect(field(xml, 'Content')).toBe('<!DOCTYPE html><!ENTITY x "y">');
  });

  it('refuses a DOCTYPE: billion laughs, external entity, lowercase, bare ENTITY', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><A>&lol3;</A></xml>';
    const external = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><A>&xxe;</A></xml>';
    const lowercase = '<!doctype xml><xml><A>1</A></xml>';
    const entityOnly = '<xml><!ENTITY x "y"><A>1</A></xml>';

    expect(reasonOf(laughs)).toBe('doctype');
    expect(reasonOf(external)).toBe('doctype');
    expect(reasonOf(lowercase)).toBe('doctype');
    expect(reasonOf(entityOnly)).toBe('doctype');
  });

  it('refuses a DOCTYPE hidden behind a comment, a processing instruction or an attribute that mention CDATA', () => {
    expect(reasonOf('<xml><!-- <![CDATA[ --><!DOCTYPE x [<!ENTITY a "]]>">]><A>&a;</A></xml>')).toBe('doctype');
    expect(reasonOf('<?pi <![CDATA[ ?><!DOCTYPE x><xml><A>1</A></xml>')).toBe('doctype');
    expect(reasonOf('<xml a="<![CDATA["><!DOCTYPE x><A>1</A></xml>')).toBe('doctype');
    expect(reasonOf('<xml><A><![CDATA[never closed <!ENTITY x "y"></A></xml>')).toBe('doctype');
  });

  it('refuses input over the size limit, counted in UTF-8 bytes, before reading it', () => {
    const exactly64KiB = `<xml><A>${'x'.repeat(64 * 1024 - 18)}</A></xml>`;

    expect(reasonOf(exactly64KiB)).toBeUndefined();
    expect(reasonOf(`${exactly64KiB} `)).toBe('too_large');
    expect(reasonOf(`<!DOCTYPE x><xml><A>${'x'.repeat(70 * 1024)}</A></xml>`)).toBe('too_large');
    expect(reasonOf('<xml><A>中</A></xml>', 20)).toBe('too_large');
    expect(reasonOf('<xml><A>中</A></xml>', 21)).toBeUndefined();
  });

  it('refuses malformed XML', () => {
    expect(reasonOf('<xml><A>1</B></xml>')).toBe('malformed');
    expect(reasonOf('not xml at all')).toBe('malformed');
    expect(reasonOf('')).toBe('malformed');
    expect(reasonOf('<xml><A>1</A>')).toBe('malformed');
    expect(reasonOf('<xml><A>a & b</A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A><![CDATA[open</A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A>1</A></xml>trailing')).toBe('malformed');
    expect(reasonOf('<xml><A>1</A></xml><xml><A>2</A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><__proto__><polluted>1</polluted></__proto__></xml>')).toBe('malformed');
  });

  it('refuses a root other than <xml>, and an <xml> of bare text', () => {
    expect(reasonOf('<root><A>1</A></root>')).toBe('root');
    expect(reasonOf('<XML><A>1</A></XML>')).toBe('root');
    expect(reasonOf('<xml>just text</xml>')).toBe('root');
  });

  it('throws errors that carry their reason and name', () => {
    try {
      parseWechatXml('<root/>');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WechatXmlError);
      expect(error).toMatchObject({ name: 'WechatXmlError', reason: 'root' });
    }
  });
});

describe('WeChat XML parsing: adversarial input', () => {
  it('refuses nesting deeper than any WeChat document, without exhausting the stack', () => {
    const deep = `<xml>${'<a>'.repeat(20_000)}x${'</a>'.repeat(20_000)}</xml>`;

    expect(reasonOf(deep, 1024 * 1024)).toBe('malformed');
  });

  it('refuses unclosed comments, processing instructions, tags and CDATA as malformed', () => {
    expect(reasonOf('<xml><!-- open <A>1</A></xml>')).toBe('malformed');
    expect(reasonOf('<?xml version="1.0"<xml><A>1</A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A x="1></A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A>1</A')).toBe('malformed');
    expect(reasonOf('<xml><A>1</A ></xml >')).toBeUndefined();
  });

  it('refuses names and references that are not XML', () => {
    expect(reasonOf('<xml><1A>x</1A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A>&#xZZ;</A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A>&#12a;</A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A>& amp;</A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A>&;</A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A><B>1</B>a & b</A></xml>')).toBe('malformed');
    expect(reasonOf('<xml><A>1</A><</xml>')).toBe('malformed');
  });

  it('keeps references to code points XML forbids as written instead of decoding them', () => {
    expect(parseWechatXml('<xml><A>&#0;&#xD800;&#x110000;</A></xml>')).toEqual({ A: '&#0;&#xD800;&#x110000;' });
  });

  it('refuses a declaration after the root and anything but misc after it', () => {
    expect(reasonOf('<xml><A>1</A></xml><!DOCTYPE x>')).toBe('doctype');
    expect(reasonOf('<xml><A>1</A></xml><!-- fine --> \n')).toBeUndefined();
    expect(reasonOf('<xml><A>1</A></xml><A/>')).toBe('malformed');
  });

  it('reads elements called like Object members as plain fields', () => {
    const xml = parseWechatXml('<xml><constructor>1</constructor><toString>2</toString><hasOwnProperty>3</hasOwnProperty></xml>');

    expect(xml['constructor']).toBe('1');
    expect(xml['toString']).toBe('2');
    expect(Object.keys(xml)).toEqual(['constructor', 'toString', 'hasOwnProperty']);
  });

  it('throws only WechatXmlError on 2,000 seeded mutations of a real message', () => {
    // Prepare: a seeded PRNG, so a failure names a reproducible case
    let seed = 0x5eed;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const sample = buildWechatXml({ ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: 1, MsgType: 'text', Content: 'a<b>&c', MsgId: '1', Nested: { item: 'x' } });
    const alphabet = ['<', '>', '&', ';', '/', '!', '[', ']', '?', '-', '"', "'", 'x', ' ', '<!DOCTYPE', '<![CDATA[', ']]>', '&#x41;', '<xml>'];

    for (let n = 0; n < 2000; n++) {
      let text = sample;
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * text.length);
        const kind = random();
        const piece = alphabet[Math.floor(random() * alphabet.length)]!;
        text = kind < 0.4 ? text.slice(0, at) + piece + text.slice(at) : kind < 0.8 ? text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 5)) : text.slice(0, at);
      }

      // Act / Assess
      try {
        const xml = parseWechatXml(text);
        expect(typeof xml).toBe('object');
      } catch (error) {
        expect(error, `case ${n}: ${text}`).toBeInstanceOf(WechatXmlError);
      }
    }
  });
});

describe('WeChat XML building', () => {
  it('puts strings in CDATA and numbers bare, lists as repeated items, in key order', () => {
    const xml = buildWechatXml({
      ToUserName: 'o1',
      CreateTime: 1700000000,
      MsgType: 'news',
      ArticleCount: 2,
      Articles: [{ Title: 'a', Url: 'https://e.x/?a=1&b=2' }, { Title: 'b' }],
      Skipped: undefined,
    });

    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[o1]]></ToUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[news]]></MsgType>' +
        '<ArticleCount>2</ArticleCount><Articles><item><Title><![CDATA[a]]></Title><Url><![CDATA[https://e.x/?a=1&b=2]]></Url></item>' +
        '<item><Title><![CDATA[b]]></Title></item></Articles></xml>',
    );
  });

  it('round-trips a news reply with nested Articles', () => {
    const reply = {
      ToUserName: 'oUser',
      FromUserName: 'gh_1',
      CreateTime: 1700000000,
      MsgType: 'news',
      ArticleCount: 2,
      Articles: [
        { Title: '标题 1', Description: ' spaced ', PicUrl: 'https://e.x/1.png', Url: 'https://e.x/1?x=<y>' },
        { Title: 'Two 😀', Description: '', PicUrl: 'https://e.x/2.png', Url: 'https://e.x/2' },
      ],
    };

    const parsed = parseWechatXml(buildWechatXml(reply));

    expect(parsed).toEqual({
      ...reply,
      CreateTime: '1700000000',
      ArticleCount: '2',
      Articles: { item: reply.Articles },
    });
  });

  it('keeps "]]>" and multi-byte text intact through a build and parse', () => {
    const content = 'end]]>of <cdata> & 中文 😀 ]]]]> ]]>]]>';

    const parsed = parseWechatXml(buildWechatXml({ Content: content, Nested: { Inner: content } }));

    expect(parsed).toEqual({ Content: content, Nested: { Inner: content } });
  });

  it('refuses element names and numbers that cannot be WeChat XML', () => {
    expect(() => buildWechatXml({ 'bad name': 'x' })).toThrow(WechatXmlError);
    expect(() => buildWechatXml({ '<x>': 'x' })).toThrow(WechatXmlError);
    expect(() => buildWechatXml({ N: Number.NaN })).toThrow(WechatXmlError);
    expect(() => buildWechatXml({ N: Number.POSITIVE_INFINITY })).toThrow(WechatXmlError);
  });
});
