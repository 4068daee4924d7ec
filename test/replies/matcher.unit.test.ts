import { describe, expect, it } from 'vitest';
import { compileRules, matchSubscribe, matchText, type MatchableRule } from '../../src/replies/matcher';
import { normalizeKeyword } from '../../src/replies/reply-schema';

const rule = (keyword: string, match: 'exact' | 'contains' = 'contains'): MatchableRule => ({
  normalized: normalizeKeyword(keyword),
  match,
  reply: { type: 'text', content: { content: keyword } },
});

const answer = (found: MatchableRule | undefined) => (found?.reply.type === 'text' ? found.reply.content.content : undefined);

/** What matching meant before it was compiled: exact, then every contains keyword tried, longest first. */
const naive = (rules: MatchableRule[], text: string) => {
  const normalized = normalizeKeyword(text);
  if (normalized && !normalized.startsWith('@')) {
    const exact = rules.find((r) => r.match === 'exact' && r.normalized === normalized);
    if (exact) return exact;
    const hits = rules.filter((r) => r.match === 'contains' && normalized.includes(r.normalized));
    hits.sort((a, b) => b.normalized.length - a.normalized.length || (a.normalized < b.normalized ? -1 : 1));
    if (hits[0]) return hits[0];
  }
  return rules.find((r) => r.normalized === '@default');
};

describe('compiled rule matching', () => {
  it('prefers the exact keyword, then the longest contained one, then @default', () => {
    const rules = [rule('coffee'), rule('Coffee Beans'), rule('coffee menu', 'exact'), rule('@default', 'exact')];
    const set = compileRules(rules);

    expect(answer(matchText(set, 'COFFEE MENU'))).toBe('coffee menu');
    expect(answer(matchText(set, 'any coffee beans today?'))).toBe('Coffee Beans');
    expect(answer(matchText(set, 'I like ｃｏｆｆｅｅ'))).toBe('coffee');
    expect(answer(matchText(set, 'tea'))).toBe('@default');
    expect(answer(matchText(set, '@default'))).toBe('@default');
  });

  it('finds keywords that overlap or sit inside one another (failure links), and breaks length ties by keyword order', () => {
    const set = compileRules([rule('he'), rule('she'), rule('his'), rule('hers'), rule('ab'), rule('ba')]);

    expect(answer(matchText(set, 'ushers'))).toBe('hers');
    expect(answer(matchText(set, 'aba'))).toBe('ab');
    expect(answer(matchText(set, 'xhisx'))).toBe('his');
  });

  it('matches keywords outside the BMP and Chinese text', () => {
    const set = compileRules([rule('😀咖啡'), rule('咖啡豆豆豆')]);

    expect(answer(matchText(set, '我要😀咖啡豆豆豆'))).toBe('咖啡豆豆豆');
    expect(answer(matchText(set, '来杯😀咖啡'))).toBe('😀咖啡');
  });

  it('answers subscribe by scene, then @subscribe', () => {
    const set = compileRules([rule('@subscribe', 'exact'), rule('@subscribe:shop', 'exact')]);

    expect(answer(matchSubscribe(set, 'shop'))).toBe('@subscribe:shop');
    expect(answer(matchSubscribe(set, 'other'))).toBe('@subscribe');
    expect(answer(matchSubscribe(set, undefined))).toBe('@subscribe');
  });

  it('agrees with trying every rule on 1,500 seeded random rule sets and texts', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const word = (max: number) => Array.from({ length: 1 + Math.floor(random() * max) }, () => 'abc咖'[Math.floor(random() * 4)]).join('');
    for (let n = 0; n < 1500; n++) {
      const keywords = new Set(Array.from({ length: 1 + Math.floor(random() * 8) }, () => word(4)));
      const rules = [...keywords].map((k) => rule(k, random() < 0.3 ? 'exact' : 'contains'));
      if (random() < 0.5) rules.push(rule('@default', 'exact'));
      const text = word(12);

      expect(matchText(compileRules(rules), text), `case ${n}: ${[...keywords].join(',')} / ${text}`).toBe(naive(rules, text));
    }
  });
});
