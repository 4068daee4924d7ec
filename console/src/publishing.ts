import type { Output } from './contract';
import { language, t } from './i18n';

export * from './send-rules';

/**
 * What the draft editor, the 发表 dialog and the history share: Beijing time for scheduling, the
 * send limits counted from our own history, and the body's pictures (WeChat's URLs kept in the
 * HTML, shown from the bytes uploaded in this tab).
 */
export type Send = Output<'content.listSends'>['sends'][number];
export type DraftArticle = Output<'content.getDraft'>['articles'][number];

export const maxArticles = 8;
export const articleImageMaxBytes = 1024 * 1024;

export const emptyArticle = (): DraftArticle => ({
  title: '',
  author: '',
  digest: '',
  content: '',
  contentSourceUrl: '',
  thumbMediaId: '',
  needOpenComment: false,
  onlyFansCanComment: false,
});

/** A time shown as Beijing time, in the page's language. */
export const beijingTime = (iso: string | number | Date): string =>
  new Date(iso).toLocaleString(language() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: language() === 'en' ? 'short' : 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });

// ---- The body's pictures ----

/**
 * WeChat shows only its own pictures inside articles (media/uploadimg answers mmbiz.qpic.cn URLs;
 * the API refuses others: src/content/article-html.ts holds the same hosts, kept out of the
 * console's bundle because it loads the sanitizer).
 */
export const isWechatImage = (src: string): boolean => {
  try {
    const url = new URL(src);
    return (url.protocol === 'http:' || url.protocol === 'https:') && (url.hostname === 'mmbiz.qpic.cn' || url.hostname === 'mmbiz.qlogo.cn');
  } catch {
    return false;
  }
};

/**
 * WeChat's picture URLs refuse other sites and the console's CSP allows no foreign image, so a
 * picture uploaded in this tab is shown from its own bytes (a blob: URL) while its WeChat URL stays
 * in the HTML that is saved; one from an earlier visit is a labelled placeholder.
 */
const uploaded = new Map<string, string>();
export const rememberPicture = (wechatUrl: string, file: Blob): string => {
  const local = URL.createObjectURL(file);
  uploaded.set(wechatUrl, local);
  return local;
};

/** The saved HTML as the editor and preview draw it: pictures from this tab's bytes, others as placeholders, no handlers. */
export const displayHtml = (html: string): string => {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const element of template.content.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) if (/^on/i.test(attribute.name)) element.removeAttribute(attribute.name);
  }
  for (const img of template.content.querySelectorAll('img')) {
    const src = img.getAttribute('src') ?? '';
    img.setAttribute('data-src', src);
    const local = uploaded.get(src);
    if (local) img.setAttribute('src', local);
    else {
      // Saying what the box is beats a broken-image icon with a file name; the real alt comes back when saved.
      img.removeAttribute('src');
      img.setAttribute('data-alt', img.getAttribute('alt') ?? '');
      img.setAttribute('alt', t('draft.body.pictureElsewhere'));
    }
  }
  return template.innerHTML;
};

/** The editor's HTML as it is saved: each picture's WeChat URL back in `src`. */
export const savedHtml = (root: Element): string => {
  // Reworked in a <template>: an <img> made in the page itself would load its WeChat URL (which the CSP refuses).
  const template = document.createElement('template');
  template.innerHTML = root.innerHTML;
  for (const img of template.content.querySelectorAll('img')) {
    const src = img.getAttribute('data-src');
    if (src !== null) img.setAttribute('src', src);
    img.removeAttribute('data-src');
    const alt = img.getAttribute('data-alt');
    if (alt !== null) (alt ? img.setAttribute('alt', alt) : img.removeAttribute('alt'), img.removeAttribute('data-alt'));
  }
  const html = template.innerHTML.trim();
  // An emptied editor leaves a lone <br> or empty paragraph behind: that is no body.
  return /^(<p>)?(<br>)?(<\/p>)?$/.test(html) ? '' : html;
};

/** Why a file cannot be an article picture (media/uploadimg: jpg or png, at most 1 MB), or undefined. Reads the file's first bytes, not its name. */
export const articleImageProblem = async (file: Blob): Promise<'type' | 'size' | undefined> => {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const png = head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47;
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  if (!png && !jpeg) return 'type';
  if (file.size > articleImageMaxBytes) return 'size';
  return undefined;
};

/** Characters as WeChat counts them (an emoji is one). */
export const charCount = (text: string): number => [...text].length;
