/**
 * The languages the product speaks: Simplified Chinese first (our users are Chinese businesses),
 * English on request. Pure: the API picks from Accept-Language, the console from its switch.
 */
export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

/**
 * The language an `Accept-Language` header asks for: English only when an English tag outranks
 * every Chinese one; anything else (no header, `*`, other languages) is Chinese.
 */
export const pickLanguage = (acceptLanguage: string | undefined): Language => {
  if (!acceptLanguage) return 'zh-CN';
  let best: { lang: Language; q: number } | undefined;
  for (const part of acceptLanguage.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const lang: Language | undefined = tag === 'en' || tag.startsWith('en-') ? 'en' : tag === 'zh' || tag.startsWith('zh-') ? 'zh-CN' : undefined;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'zh-CN';
};
