import xss from 'xss';

// js-xss is CommonJS whose helpers are attached in a loop, which Node's ESM loader cannot see as
// named exports: they are read from the module object (its typings declare them).
const { FilterXSS, escapeAttrValue, friendlyAttrValue } = xss as unknown as typeof import('xss');

/**
 * An article body in WeChat's subset of HTML, sanitized on the server with js-xss (the `xss`
 * package: a whitelist over its own HTML tokenizer, and cssfilter for inline styles; not regexes
 * of ours): WeChat's editor keeps text blocks, headings, lists, tables, links and pictures with
 * inline styles, and drops scripts, event handlers and `javascript:` links itself
 * (developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html: "支持HTML标签 … 此处会去除JS").
 * A picture must be one of WeChat's own (media/uploadimg answers mmbiz.qpic.cn URLs; "外部的图片链接
 * 将被过滤"): one from elsewhere is refused with the reason rather than silently dropped, and we
 * never fetch a URL a user pasted.
 * Why js-xss and not sanitize-html: sanitize-html pulls htmlparser2 and postcss into the two draft
 * writers (about 300 KB against the 200 KB cold-start target), js-xss about 19 KB (docs/architecture.md).
 */
const wechatImageHosts = ['mmbiz.qpic.cn', 'mmbiz.qlogo.cn'];

export const isWechatImage = (src: string): boolean => {
  try {
    const url = new URL(src);
    return (url.protocol === 'http:' || url.protocol === 'https:') && wechatImageHosts.includes(url.hostname);
  } catch {
    return false;
  }
};

// A value without anything that could load or run something (url(), expression(), escapes).
const plainValue = /^[-#%.,\w\s"'!/]*$/;
const colourValue = /^(?:[-#\w\s]*|(?:rgba?|hsla?)\([\d\s.,%]+\))$/;
const styleProperties = [
  'color', 'background-color', 'font-size', 'font-weight', 'font-style', 'font-family', 'text-align', 'text-decoration', 'text-indent',
  'line-height', 'letter-spacing', 'word-break', 'white-space', 'vertical-align', 'display', 'box-sizing', 'width', 'max-width', 'height',
  'margin', 'margin-top', 'margin-bottom', 'margin-left', 'margin-right', 'padding', 'padding-top', 'padding-bottom', 'padding-left', 'padding-right',
  'border', 'border-top', 'border-bottom', 'border-left', 'border-right', 'border-color', 'border-radius', 'border-style', 'border-width',
];
const allowedTags = [
  'p', 'section', 'span', 'div', 'br', 'hr', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'small', 'code', 'pre',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'figure', 'figcaption',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
];
const tagAttributes: Record<string, string[]> = {
  a: ['href', 'title'],
  img: ['src', 'alt', 'width', 'height', 'data-ratio', 'data-w'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
  col: ['span', 'width'],
};

// Prototype-free lookups: a tag or property named `constructor` finds nothing.
const whiteList = Object.assign(Object.create(null) as Record<string, string[]>, Object.fromEntries(allowedTags.map((t) => [t, ['style', ...(tagAttributes[t] ?? [])]])));
const cssWhiteList = Object.assign(Object.create(null) as Record<string, RegExp>, Object.fromEntries(styleProperties.map((p) => [p, p.includes('color') ? colourValue : plainValue])));

const isHttp = (url: string) => /^https?:\/\//i.test(url);

/**
 * Whether a link or picture address may stay (decoded first by js-xss's friendlyAttrValue:
 * `&#106;avascript:` is `javascript:`): only http(s) (no data:, mailto:, relative), and a picture
 * only from WeChat's own hosts.
 */
const addressAllowed = (tag: string, raw: string): boolean => {
  const value = friendlyAttrValue(raw).trim();
  return isHttp(value) && (tag !== 'img' || isWechatImage(value));
};

export interface SanitizedArticle {
  html: string;
  /** Pictures of the body that are not WeChat's own (refused by the caller). */
  foreignImages: string[];
}

export const sanitizeArticleHtml = (html: string): SanitizedArticle => {
  // One entry per <img>, its src as written (decoded) once its attributes are read.
  const images: { src?: string }[] = [];
  const filter = new FilterXSS({
    whiteList,
    // Tags outside the list are removed (not shown escaped), a <script>'s or <style>'s text with them.
    stripIgnoreTag: true,
    stripIgnoreTagBody: ['script', 'style'],
    css: { whiteList: cssWhiteList },
    onTag: (tag, _html, info) => {
      if (tag === 'img' && !info.isClosing) images.push({});
    },
    onTagAttr: (tag, name, value, isWhiteAttr) => {
      if (tag === 'img' && name === 'src') images[images.length - 1]!.src = friendlyAttrValue(value).trim();
      // '' drops the attribute; undefined leaves it to safeAttrValue below.
      if (isWhiteAttr && (name === 'href' || name === 'src') && !addressAllowed(tag, value)) return '';
      return undefined;
    },
    // A style keeps only the whitelisted properties with plain values (cssfilter drops the others
    // one by one); every value is decoded and written back escaped.
    safeAttrValue: (_tag, name, value, cssFilter) => {
      const decoded = friendlyAttrValue(value).trim();
      return escapeAttrValue(name === 'style' ? cssFilter.process(decoded) : decoded);
    },
  });
  const clean = filter.process(html);
  const foreignImages = images.flatMap(({ src }) => (src && isWechatImage(src) ? [] : [src || '(no src)']));
  return { html: clean, foreignImages };
};
