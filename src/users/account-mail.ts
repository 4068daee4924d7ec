import type { Mail } from '../core/mail/send-mail';
import type { MailLanguage } from './mail-language';

/**
 * How the mails about a user's own account are laid out (pure, so their content is tested without
 * sending): each in the user's language (a Chinese one carries the English text after it, for a
 * reader who set no language), as HTML and plain text, saying what the link does, how long it works
 * and what to do if the reader did not ask for it. Each mail's words live beside the code that sends
 * it, so a function bundles only its own mail's text.
 */
export interface Wording {
  subject: string;
  greeting: string;
  lines: string[];
  action?: string;
  expiry?: string;
  ignore: string;
}

export type MailValues = { username: string; link?: string; email?: string };

/** One mail's words in each language. */
export type MailWords = Record<MailLanguage, (v: MailValues) => Wording>;

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const asText = (w: Wording, link: string | undefined): string =>
  [w.greeting, '', ...w.lines, ...(link ? ['', `${w.action ?? ''}:`, link] : []), ...(w.expiry ? ['', w.expiry] : []), '', w.ignore].join('\n');

const asHtml = (w: Wording, link: string | undefined): string =>
  [
    `<p>${escapeHtml(w.greeting)}</p>`,
    ...w.lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link)}">${escapeHtml(w.action ?? link)}</a></p>`, `<p style="color:#666;word-break:break-all">${escapeHtml(link)}</p>`] : []),
    ...(w.expiry ? [`<p>${escapeHtml(w.expiry)}</p>`] : []),
    `<p style="color:#666">${escapeHtml(w.ignore)}</p>`,
  ].join('');

export const renderMail = (words: MailWords, language: MailLanguage, to: string, values: MailValues): Mail => {
  const first = words[language](values);
  // A Chinese mail carries the English text after it; an English one is English only.
  const second = language === 'zh-CN' ? words.en(values) : undefined;
  return {
    to,
    subject: first.subject,
    text: `${asText(first, values.link)}\n${second ? `\n----- English -----\n\n${asText(second, values.link)}\n` : ''}`,
    html: `<div lang="${language}">${asHtml(first, values.link)}</div>${second ? `<hr><div lang="en">${asHtml(second, values.link)}</div>` : ''}`,
  };
};
