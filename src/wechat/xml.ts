import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WechatXmlError } from './errors';

/**
 * WeChat's XML: a `<xml>` root whose children are text (mostly CDATA) or nested elements (news
 * Articles, ScanCodeInfo…). What arrives is untrusted, so parsing caps the size first, refuses any
 * DOCTYPE/ENTITY declaration outright (no entity expansion, no external entities), and keeps
 * every value a string exactly as sent: "0001" stays "0001", CDATA keeps its spaces. Text outside
 * CDATA is trimmed (it is indentation in WeChat's samples, e.g. `<MsgType> <![CDATA[video]]>`)
 * and only XML's five predefined entities and character references are decoded in it.
 */
export type XmlValue = string | WechatXml | XmlValue[];
export interface WechatXml {
  [name: string]: XmlValue;
}

export const defaultMaxXmlBytes = 64 * 1024;

const cdataKey = '#cdata';
const textKey = '#text';

// preserveOrder keeps text and CDATA pieces in document order (fast-xml-parser otherwise groups
// them by kind); processEntities:false stops it substituting entities declared in a DOCTYPE.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  cdataPropName: cdataKey,
  textNodeName: textKey,
  commentPropName: false,
});

/**
 * True when the text holds a markup declaration (`<!DOCTYPE`, `<!ENTITY`, `<!doctype`…) anywhere a
 * parser would act on it. Scans in document order, skipping CDATA, comments, processing
 * instructions and tags (quotes honoured), so a user's message that merely says "<!DOCTYPE" inside
 * CDATA is still read, while one hidden after `<!-- <![CDATA[ -->` is not missed.
 */
const hasDeclaration = (text: string): boolean => {
  let i = text.indexOf('<');
  while (i !== -1) {
    let end: number;
    if (text.startsWith('<![CDATA[', i)) end = text.indexOf(']]>', i + 9);
    else if (text.startsWith('<!--', i)) end = text.indexOf('-->', i + 4);
    else if (text.startsWith('<!', i)) return true;
    else if (text.startsWith('<?', i)) end = text.indexOf('?>', i + 2);
    else end = endOfTag(text, i + 1);
    // Something left open: the validator refuses it as malformed, unless a declaration hides in it.
    if (end === -1) return /<!\s*(DOCTYPE|ENTITY)/i.test(text.slice(i));
    i = text.indexOf('<', end);
  }
  return false;
};

const endOfTag = (text: string, from: number): number => {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
};

const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's own entities and character references; anything else (undeclared) is left as written. */
const decodeText = (text: string): string =>
  text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return predefined[ref] ?? whole;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    const allowed = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return allowed ? String.fromCodePoint(code) : whole;
  });

/** One node of fast-xml-parser's ordered output: `{ name: children }`, `{ '#text' }` or `{ '#cdata' }`. */
type OrderedNode = Record<string, unknown>;

const nodeName = (node: OrderedNode): string | undefined => Object.keys(node).find((k) => k !== ':@');

const textOf = (node: OrderedNode, name: string): string => {
  if (name === textKey) return decodeText(String(node[textKey]));
  const pieces = node[cdataKey] as OrderedNode[];
  return pieces.map((piece) => String(piece[textKey] ?? '')).join('');
};

/** Children that are all text become one string; elements become an object, repeats an array. */
const toValue = (children: OrderedNode[]): XmlValue => {
  const elements = children.filter((child) => {
    const name = nodeName(child);
    return name !== textKey && name !== cdataKey;
  });
  if (elements.length === 0) {
    return children.map((child) => textOf(child, nodeName(child) ?? textKey)).join('');
  }
  const fields = new Map<string, XmlValue>();
  for (const element of elements) {
    const name = nodeName(element);
    if (name === undefined) continue;
    const value = toValue(element[name] as OrderedNode[]);
    const previous = fields.get(name);
    // Lists (news Articles) are repeated <item>s: an array even when there is one.
    if (previous === undefined) fields.set(name, name === 'item' ? [value] : value);
    else if (Array.isArray(previous)) previous.push(value);
    else fields.set(name, [previous, value]);
  }
  // fromEntries defines own properties, so an element called __proto__ cannot reach the prototype.
  return Object.fromEntries(fields);
};

export const parseWechatXml = (text: string, options: { maxBytes?: number } = {}): WechatXml => {
  const maxBytes = options.maxBytes ?? defaultMaxXmlBytes;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new WechatXmlError('too_large', `XML larger than ${maxBytes} bytes`);
  }
  if (hasDeclaration(text)) {
    throw new WechatXmlError('doctype', 'DOCTYPE, ENTITY and other markup declarations are refused');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new WechatXmlError('malformed', `malformed XML (line ${valid.err.line}): ${valid.err.msg}`);
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch (error) {
    throw new WechatXmlError('malformed', 'malformed XML', { cause: error });
  }
  const roots = nodes.filter((node) => nodeName(node) !== textKey);
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || nodeName(root) !== 'xml') {
    throw new WechatXmlError('root', 'the document must be one <xml> element');
  }
  const value = toValue(root['xml'] as OrderedNode[]);
  if (typeof value === 'string') {
    if (value === '') return {};
    throw new WechatXmlError('root', '<xml> must hold elements, not text');
  }
  return value as WechatXml;
};

/** A string field of a parsed message ('' when absent or nested). */
export const field = (xml: WechatXml, name: string): string => {
  const value = xml[name];
  return typeof value === 'string' ? value : '';
};

// Built by hand rather than with fast-xml-parser's XMLBuilder: WeChat wants every string in CDATA
// and every number bare, and lists as repeated <item>. XMLBuilder would need each string wrapped as
// `{ '#cdata': s }` and each list re-keyed under `item` first, a pass as long as this renderer,
// which says WeChat's rules directly.
export type XmlInput = string | number | XmlInputObject | XmlInputObject[];
export interface XmlInputObject {
  [name: string]: XmlInput | undefined;
}

/** "]]>" would end the section early, so it is split across two sections: "]]" + ">". */
const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

const render = (object: XmlInputObject): string =>
  Object.entries(object)
    .filter((entry): entry is [string, XmlInput] => entry[1] !== undefined)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new WechatXmlError('malformed', `bad element name ${name}`);
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new WechatXmlError('malformed', `${name} is not a finite number`);
      }
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

/** Renders an object as WeChat's `<xml>…</xml>`, in key order; undefined fields are left out. */
export const buildWechatXml = (object: XmlInputObject): string => `<xml>${render(object)}</xml>`;
