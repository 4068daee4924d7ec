import { describe, expect, it } from 'vitest';
import { en } from '../../console/src/i18n/en';
import { zhCN } from '../../console/src/i18n/zh-CN';
import { routes } from '../../lib/routes';
import { isAuditedChange } from '../../src/core/audit/changes';
import { kindOfHandler } from '../../src/core/audit/entry';
import type { RouteDefinition } from '../../src/core/route';
import { englishWords } from '../support/chinese';

/**
 * Issue 23 item 5: the 操作日志 says each entry as a sentence. Every route the log records (the
 * endpoint wrapper's own test, isAuditedChange) has its phrase in both languages, and every area has
 * a name, so no entry of today's routes falls back to the generic sentence; a route added later
 * without a phrase is said generically in Chinese, never as its path.
 */
const audited = Object.entries(routes as Record<string, RouteDefinition>).filter(([, r]) => isAuditedChange(r));

describe('audit log wording', () => {
  it('has a phrase for every audited route, in Chinese and in English', () => {
    const missing = audited.flatMap(([id]) => [`audit.do.${id}`].filter((key) => !(key in zhCN) || !(key in en)));
    expect(audited.length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it("names every audited route's area, and words a generic entry in Chinese without a Latin letter", () => {
    const areas = [...new Set(audited.map(([, r]) => kindOfHandler(r.handler)))];
    expect(areas.filter((a) => !(`audit.kind.${a}` in zhCN))).toEqual([]);
    expect(zhCN['audit.do.generic'].replace('{area}', '')).not.toMatch(/[A-Za-z]/);
    expect(zhCN['audit.kind.other']).not.toMatch(/[A-Za-z]/);
  });

  it('words every phrase of the Chinese log without English', () => {
    const latin = Object.entries(zhCN).filter(([key, text]) => key.startsWith('audit.') && englishWords(text.replace(/\{\w+\}/g, '')).length > 0);
    expect(latin).toEqual([]);
  });
});
