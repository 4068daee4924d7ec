import { WechatXmlError } from './errors';

/**
 * WeChat's XML: a `<xml>` root whose children are text (mostly CDATA) or nested elements (news
 * Articles, ScanCodeInfo…). What arrives is untrusted, so parsing caps the size first, refuses any
 * DOCTYPE/ENTITY declaration outright (no entity expansion, no external entities), and keeps
 * every value a string exactly as sent: "0001" stays "0001", CDATA keeps its spaces. Text outside
 * CDATA is trimmed (it is indentation in WeChat's samples, e.g. `<MsgType> <![CDATA[video]]>`)
 * and only XML's five predefined entities and character references are decoded in it.
 *
 * The parser is made for this shape (one pass, no DOM, no generic XML library): WeChat's documents
 * are small, flat and known, and a general parser plus a validator pass cost half the callback's
 * CPU. It still checks well-formedness as far as reading these documents needs: names, matching
 * end tags, closed CDATA/comments/PIs, `&` only as a reference, one root, nothing after it.
 */
export type XmlValue = string | WechatXml | XmlValue[];
export interface WechatXml {
  [name: string]: XmlValue;
}

export const defaultMaxXmlBytes = 64 * 1024;

/** WeChat nests at most three levels (xml > Articles > item > Title); anything deeper is not its. */
const maxDepth = 16;

const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const malformed = (why: string): never => {
  throw new WechatXmlError('malformed', `malformed XML: ${why}`);
};

const declarationPattern = /<!\s*(DOCTYPE|ENTITY)/i;

/**
 * Something was left open (CDATA, comment, PI, tag): malformed — unless a declaration hides in
 * what follows, which is refused as such (`<![CDATA[ never closed <!ENTITY …`).
 */
const unclosed = (text: string, from: number, what: string): never => {
  if (declarationPattern.test(text.slice(from))) {
    throw new WechatXmlError('doctype', 'DOCTYPE, ENTITY and other markup declarations are refused');
  }
  return malformed(`${what} is never closed`);
};

const refuseDeclaration = (): never => {
  throw new WechatXmlError('doctype', 'DOCTYPE, ENTITY and other markup declarations are refused');
};

/** XML's own entities and character references; anything else (undeclared) is left as written. */
const decodeText = (text: string): string =>
  text.indexOf('&') === -1
    ? text
    : text.replace(/&([^;&\s<>]*);?/g, (whole, ref: string) => {
        if (!whole.endsWith(';') || ref === '') return malformed('"&" must start an entity or character reference');
        if (ref.startsWith('#')) {
          const digits = ref[1] === 'x' ? ref.slice(2) : ref.slice(1);
          if (!(ref[1] === 'x' ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return malformed(`bad character reference ${whole}`);
          const code = Number.parseInt(digits, ref[1] === 'x' ? 16 : 10);
          const allowed = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
          return allowed ? String.fromCodePoint(code) : whole;
        }
        if (!/^[A-Za-z_][\w.-]*$/.test(ref)) return malformed(`bad entity reference ${whole}`);
        return predefined[ref] ?? whole;
      });

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0x80;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  /** Whitespace, comments and processing instructions (the XML declaration) outside the root. */
  skipMisc(): void {
    const { text } = this;
    for (;;) {
      while (this.pos < text.length && isSpace(text.charCodeAt(this.pos))) this.pos++;
      if (text.startsWith('<?', this.pos)) this.skipTo('?>', 'a processing instruction');
      else if (text.startsWith('<!--', this.pos)) this.skipTo('-->', 'a comment');
      else if (text.startsWith('<!', this.pos)) refuseDeclaration();
      else return;
    }
  }

  skipTo(end: string, what: string): number {
    const at = this.text.indexOf(end, this.pos + 2);
    if (at === -1) unclosed(this.text, this.pos, what);
    const start = this.pos;
    this.pos = at + end.length;
    return start;
  }

  name(): string {
    const { text } = this;
    const start = this.pos;
    if (!isNameStart(text.charCodeAt(start))) malformed(`expected an element name at ${start}`);
    let i = start + 1;
    while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
    this.pos = i;
    return text.slice(start, i);
  }

  /** Skips a start tag's attributes (WeChat sends none; they are ignored), quotes honoured. */
  endOfStartTag(): boolean {
    const { text } = this;
    let quote = 0;
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
        else if (c === 60) unclosed(text, i, 'an attribute value holding "<"');
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) {
        this.pos = i + 1;
        return text.charCodeAt(i - 1) === 47;
      } else if (c === 60) unclosed(text, i, 'a tag holding "<"');
    }
    return unclosed(text, this.pos, 'a start tag');
  }

  /** An element's value, the reader standing just after `<name`. */
  element(name: string, depth: number): XmlValue {
    if (depth > maxDepth) malformed('nested too deeply');
    if (this.endOfStartTag()) return '';
    const { text } = this;
    let textValue = '';
    let fields: Record<string, XmlValue> | undefined;
    for (;;) {
      const lt = text.indexOf('<', this.pos);
      if (lt === -1) unclosed(text, this.pos, `<${name}>`);
      if (lt > this.pos && fields === undefined) {
        const piece = text.slice(this.pos, lt).trim();
        if (piece !== '') textValue += decodeText(piece);
      } else if (lt > this.pos && text.slice(this.pos, lt).includes('&')) {
        decodeText(text.slice(this.pos, lt));
      }
      this.pos = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === 47 /* / */) {
        // The end tag must repeat the name: compared in place (no string cut for a check that passes).
        const end = lt + 2 + name.length;
        if (!text.startsWith(name, lt + 2) || isNameChar(text.charCodeAt(end))) {
          this.pos = lt + 2;
          malformed(`</${this.name()}> closes <${name}>`);
        }
        this.pos = end;
        while (isSpace(text.charCodeAt(this.pos))) this.pos++;
        if (text.charCodeAt(this.pos) !== 62) malformed(`</${name}> is not closed`);
        this.pos++;
        return fields ?? textValue;
      }
      if (next === 33 /* ! */) {
        if (text.startsWith('<![CDATA[', lt)) {
          const end = text.indexOf(']]>', lt + 9);
          if (end === -1) unclosed(text, lt, 'a CDATA section');
          if (fields === undefined) textValue += text.slice(lt + 9, end);
          this.pos = end + 3;
        } else if (text.startsWith('<!--', lt)) this.skipTo('-->', 'a comment');
        else refuseDeclaration();
        continue;
      }
      if (next === 63 /* ? */) {
        this.skipTo('?>', 'a processing instruction');
        continue;
      }
      this.pos = lt + 1;
      const child = this.name();
      // A plain object for speed, but an element called __proto__ must never reach the prototype.
      if (child === '__proto__') malformed('element name __proto__');
      const value = this.element(child, depth + 1);
      fields ??= {};
      const previous = Object.hasOwn(fields, child) ? fields[child] : undefined;
      // Lists (news Articles) are repeated <item>s: an array even when there is one.
      if (previous === undefined) fields[child] = child === 'item' ? [value] : value;
      else if (Array.isArray(previous)) previous.push(value);
      else fields[child] = [previous, value];
    }
  }
}

/**
 * Size first (UTF-8 bytes, counted only when the characters could exceed it), then one pass that
 * refuses declarations where a parser would act on them: a user's text that merely says
 * "<!DOCTYPE" inside CDATA is still read, one hidden after `<!-- <![CDATA[ -->` is not missed.
 */
export const parseWechatXml = (text: string, options: { maxBytes?: number } = {}): WechatXml => {
  const maxBytes = options.maxBytes ?? defaultMaxXmlBytes;
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    throw new WechatXmlError('too_large', `XML larger than ${maxBytes} bytes`);
  }
  const reader = new Reader(text);
  reader.skipMisc();
  if (text.charCodeAt(reader.pos) !== 60) malformed('no root element');
  reader.pos++;
  const rootName = reader.name();
  const value = reader.element(rootName, 0);
  reader.skipMisc();
  if (reader.pos !== text.length) malformed('content after the root element');
  if (rootName !== 'xml') throw new WechatXmlError('root', 'the document must be one <xml> element');
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
export const cdata = (text: string) => `<![CDATA[${text.includes(']]>') ? text.replaceAll(']]>', ']]]]><![CDATA[>') : text}]]>`;

/** Element names already checked (a handful, used on every reply). */
const checkedNames = new Set<string>();

const checkName = (name: string): void => {
  if (checkedNames.has(name)) return;
  if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new WechatXmlError('malformed', `bad element name ${name}`);
  if (checkedNames.size < 1000) checkedNames.add(name);
};

const render = (object: XmlInputObject): string => {
  let out = '';
  for (const name in object) {
    if (!Object.hasOwn(object, name)) continue;
    const value = object[name];
    if (value === undefined) continue;
    checkName(name);
    let inner: string;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new WechatXmlError('malformed', `${name} is not a finite number`);
      inner = String(value);
    } else if (typeof value === 'string') inner = cdata(value);
    else if (Array.isArray(value)) {
      inner = '';
      for (const item of value) inner += `<item>${render(item)}</item>`;
    } else inner = render(value);
    out += `<${name}>${inner}</${name}>`;
  }
  return out;
};

/** Renders an object as WeChat's `<xml>…</xml>`, in key order; undefined fields are left out. */
export const buildWechatXml = (object: XmlInputObject): string => `<xml>${render(object)}</xml>`;
