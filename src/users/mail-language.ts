/**
 * The language of the mails a request causes: Simplified Chinese unless the request's
 * Accept-Language prefers English (the console sends the language the user picked).
 */
export type MailLanguage = 'zh-CN' | 'en';

export const mailLanguage = (headers: Record<string, string | undefined>): MailLanguage => {
  const ranked = (headers['accept-language'] ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0 && (r.tag.startsWith('zh') || r.tag.startsWith('en')))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'zh-CN';
};
