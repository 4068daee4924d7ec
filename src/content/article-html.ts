import sanitizeHtml from 'sanitize-html';

/**
 * An article body in WeChat's subset of HTML, sanitized on the server with sanitize-html (a real
 * parser, not regexes): WeChat's editor keeps text blocks, headings, lists, tables, links and
 * pictures with inline styles, and drops scripts, event handlers and `javascript:` links itself
 * (developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html: "支持HTML标签 … 此处会去除JS").
 * A picture must be one of WeChat's own (media/uploadimg answers mmbiz.qpic.cn URLs; "外部的图片链接
 * 将被过滤"): one from elsewhere is refused with the reason rather than silently dropped, and we
 * never fetch a URL a user pasted.
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
const plainValue = [/^[-#%.,\w\s"'!/]*$/];
const rgbValue = /^(rgba?|hsla?)\([\d\s.,%]+\)$/;
const colourValue = [/^[-#\w\s]*$/, rgbValue];
const styleProperties = [
  'color', 'background-color', 'font-size', 'font-weight', 'font-style', 'font-family', 'text-align', 'text-decoration', 'text-indent',
  'line-height', 'letter-spacing', 'word-break', 'white-space', 'vertical-align', 'display', 'box-sizing', 'width', 'max-width', 'height',
  'margin', 'margin-top', 'margin-bottom', 'margin-left', 'margin-right', 'padding', 'padding-top', 'padding-bottom', 'padding-left', 'padding-right',
  'border', 'border-top', 'border-bottom', 'border-left', 'border-right', 'border-color', 'border-radius', 'border-style', 'border-width',
];

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'section', 'span', 'div', 'br', 'hr', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'small', 'code', 'pre',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'figure', 'figcaption',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
  ],
  allowedAttributes: {
    '*': ['style'],
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height', 'data-ratio', 'data-w'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    col: ['span', 'width'],
  },
  allowedStyles: {
    '*': Object.fromEntries(styleProperties.map((p) => [p, p.includes('color') ? colourValue : plainValue])),
  },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

export interface SanitizedArticle {
  html: string;
  /** Pictures of the body that are not WeChat's own (refused by the caller). */
  foreignImages: string[];
}

export const sanitizeArticleHtml = (html: string): SanitizedArticle => {
  const foreignImages: string[] = [];
  const clean = sanitizeHtml(html, {
    ...options,
    transformTags: {
      img: (tagName, attribs) => {
        const src = attribs['src'] ?? '';
        if (!isWechatImage(src)) foreignImages.push(src || '(no src)');
        return { tagName, attribs };
      },
    },
  });
  return { html: clean, foreignImages };
};
