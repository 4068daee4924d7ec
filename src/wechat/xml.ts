import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WechatXmlError } from './errors';

/**
 * WeChat's XML: a `<xml>` root whose children are text (mostly CDATA) or nested elements (news
 * Articles, ScanCodeInfo…). Parsing refuses DOCTYPE/ENTITY outright (no entity expansion, no
 * external entities), caps the size first, and keeps every value a string exactly as sent
 * ("0001" stays "0001", CDATA keeps its spaces).
 */
export type XmlValue = string | WechatXml | XmlValue[];
export interface WechatXml {
  [name: string]: XmlValue;
}

export const defaultMaxXmlBytes = 64 * 1024;

const cdataKey = '#cdata';
const textKey = '#text';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: false,
  cdataPropName: cdataKey,
  textNodeName: textKey,
  commentPropName: false,
  // Lists (news Articles) are repeated <item>s: an array even when there is one.
  isArray: (name) => name === 'item',
});

/** Collapses the parser's {#text, #cdata} objects to strings; drops whitespace between elements. */
const normalize = (node: unknown): XmlValue => {
  if (Array.isArray(node)) return node.map(normalize);
  if (node === null || node === undefined) return '';
  if (typeof node !== 'object') return String(node);
  const entries = Object.entries(node as Record<string, unknown>);
  const children = entries.filter(([k]) => k !== cdataKey && k !== textKey);
  if (children.length === 0) {
    const text = entries
      .map(([k, v]) => (k === cdataKey ? (Array.isArray(v) ? v.join('') : String(v)) : String(v).trim()))
      .join('');
    return text;
  }
  return Object.fromEntries(children.map(([k, v]) => [k, normalize(v)]));
};

export const parseWechatXml = (text: string, options: { maxBytes?: number } = {}): WechatXml => {
  const maxBytes = options.maxBytes ?? defaultMaxXmlBytes;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) throw new WechatXmlError('too_large', `XML larger than ${maxBytes} bytes`);
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(text)) throw new WechatXmlError('doctype', 'DOCTYPE and ENTITY declarations are refused');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new WechatXmlError('malformed', `malformed XML: ${valid.err.msg}`);
  let parsed: Record<string, unknown>;
  try {
    parsed = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new WechatXmlError('malformed', 'malformed XML', { cause: error });
  }
  const roots = Object.keys(parsed);
  if (roots.length !== 1 || roots[0] !== 'xml' || Array.isArray(parsed['xml'])) {
    throw new WechatXmlError('root', 'the document must be one <xml> element');
  }
  const root = normalize(parsed['xml']);
  return typeof root === 'object' && !Array.isArray(root) ? root : {};
};

/** A string field of a parsed message ('' when absent or nested). */
export const field = (xml: WechatXml, name: string): string => {
  const value = xml[name];
  return typeof value === 'string' ? value : '';
};

// Built by hand: WeChat wants CDATA for strings and bare numbers, and lists as repeated <item>;
// a dozen lines say that more plainly than a general builder's options.
export type XmlInput = string | number | XmlInputObject | XmlInputObject[];
export interface XmlInputObject {
  [name: string]: XmlInput | undefined;
}

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

const render = (object: XmlInputObject): string =>
  Object.entries(object)
    .filter((entry): entry is [string, XmlInput] => entry[1] !== undefined)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new WechatXmlError('malformed', `bad element name ${name}`);
      const inner =
        typeof value === 'number'
          ? String(value)
          : typeof value === 'string'
            ? cdata(value)
            : Array.isArray(value)
              ? value.map((item) => `<item>${render(item)}</item>`).join('')
              : render(value);
      return `<${name}>${inner}</${name}>`;
    })
    .join('');

export const buildWechatXml = (object: XmlInputObject): string => `<xml>${render(object)}</xml>`;
