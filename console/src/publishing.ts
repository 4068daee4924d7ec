import type { Output } from './contract';
import { language } from './i18n';

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

// ---- Beijing time: the console enters and shows send times in Asia/Shanghai (UTC+8, no DST) ----

const shanghaiOffsetMs = 8 * 3600_000;
/** `YYYY-MM-DDTHH:mm` as a Beijing wall clock reads at `date`. */
export const shanghaiLocal = (date: Date): string => new Date(date.getTime() + shanghaiOffsetMs).toISOString().slice(0, 16);
/** A datetime-local value read as Beijing time, as the API takes it (ISO 8601 with +08:00). */
export const sendAtOf = (local: string): string => `${local}:00+08:00`;
export const minLeadMs = 5 * 60_000;
export const maxLeadMs = 30 * 24 * 3600_000;

/** Why a Beijing wall-clock time cannot be a send time (the API's rule: 5 minutes to 30 days ahead), or undefined. */
export const sendAtProblem = (local: string, now = Date.now()): 'format' | 'tooSoon' | 'tooLate' | undefined => {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(local)) return 'format';
  const at = Date.parse(sendAtOf(local));
  if (Number.isNaN(at)) return 'format';
  if (at < now + minLeadMs) return 'tooSoon';
  if (at > now + maxLeadMs) return 'tooLate';
  return undefined;
};

/**
 * API群发保护: a send to all followers waits up to 30 minutes for an administrator's confirmation in
 * WeChat and fails without it; at night nobody is likely to confirm.
 */
export const isNight = (local: string): boolean => {
  const hour = Number(local.slice(11, 13));
  return hour >= 22 || hour < 8;
};

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

// ---- Send limits, counted from our history (WeChat tells an API caller none of them beforehand) ----

const counted = (send: Send) => send.kind === 'mass' && send.status !== 'failed' && send.status !== 'cancelled';
const when = (send: Send) => send.sendAt ?? send.createdAt;

export interface SendLimits {
  /** Mass sends on the chosen Beijing day (a subscription account has one a day). */
  sameDay: number;
  /** Sends to all followers in the chosen Beijing month (a service account has four a month). */
  toAllMonth: number;
}

export const sendLimitsAt = (sends: Send[], at: Date): SendLimits => {
  const local = shanghaiLocal(at);
  const mass = sends.filter(counted);
  return {
    sameDay: mass.filter((s) => shanghaiLocal(new Date(when(s))).slice(0, 10) === local.slice(0, 10)).length,
    toAllMonth: mass.filter((s) => s.target && 'toAll' in s.target && shanghaiLocal(new Date(when(s))).slice(0, 7) === local.slice(0, 7)).length,
  };
};

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
    else img.removeAttribute('src');
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
