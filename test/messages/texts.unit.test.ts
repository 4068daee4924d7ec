import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ErrorCode } from '../../src/core/errors';
import { fieldLabel, labels } from '../../src/core/messages/fields';
import { issueDetail } from '../../src/core/messages/issues';
import { pickLanguage } from '../../src/core/messages/language';
import { describeError, errcodeTexts, ruleTexts } from '../../src/core/messages/texts';
import { menuButtons } from '../../src/menus/menu-schema';

/** The general rules and every area's (src/<area>/rule-texts.ts, each found on disk: a new area is covered). */
const allRuleTexts = async (): Promise<Record<string, unknown>> => {
  const { readdir } = await import('node:fs/promises');
  // rule-texts.ts, or a part of them fewer modules load (job-rule-texts.ts, stop-rule-texts.ts).
  const areas = (await readdir('src', { recursive: true })).filter((f) => /\/([\w-]+-)?rule-texts\.ts$/.test(f));
  const tables = await Promise.all(areas.map(async (f) => Object.values((await import(`../../src/${f}`)) as Record<string, Record<string, unknown>>)[0]!));
  expect(areas.length).toBeGreaterThanOrEqual(7);
  return Object.assign({}, ruleTexts, ...tables);
};
import { englishWords } from '../support/chinese';

describe('the language of an answer', () => {
  it('is Chinese unless English outranks every Chinese tag', () => {
    expect(pickLanguage(undefined)).toBe('zh-CN');
    expect(pickLanguage('')).toBe('zh-CN');
    expect(pickLanguage('*')).toBe('zh-CN');
    expect(pickLanguage('fr-FR,de;q=0.8')).toBe('zh-CN');
    expect(pickLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLanguage('en-US,en;q=0.9')).toBe('en');
    expect(pickLanguage('en;q=0.5,zh-TW;q=0.9')).toBe('zh-CN');
    expect(pickLanguage('zh;q=0,en;q=0.1')).toBe('en');
  });
});

describe('field labels', () => {
  it("name a menu button's field with where it sits, in WeChat's words", () => {
    expect(fieldLabel('button[2].name', 'zh-CN')).toBe('菜单名称（第 3 个菜单）');
    expect(fieldLabel('button[0].sub_button[1].name', 'zh-CN')).toBe('子菜单名称（第 1 个菜单 › 第 2 个子菜单）');
    expect(fieldLabel('button[0].sub_button[1].name', 'en')).toBe('sub-menu name (menu 1 › sub-menu 2)');
    expect(fieldLabel('appsecret', 'zh-CN')).toBe('开发者密码（AppSecret）');
  });

  it('are Chinese for every field the table knows', () => {
    const english = Object.entries(labels).flatMap(([key, [zh]]) => englishWords(zh).map((w) => `${key}: ${w}`));
    expect(english).toEqual([]);
  });
});

describe('the text table', () => {
  const sample = { field: 'button[2].name', limit: 16, given: 27, need: 'permissionSet:15', feature: 'menus', retryAfter: 30, requestId: 'r-1', wxerrcode: 40001, wxerrmsg: 'invalid credential' };

  it('words every rule in Chinese with no English word, and in English', async () => {
    for (const [rule, [zh, en]] of Object.entries((await allRuleTexts()) as typeof ruleTexts)) {
      const text = zh({ ...sample, rule, label: fieldLabel(sample.field, 'zh-CN') });
      // zh_CN, ADD_SCENE_QR_CODE: WeChat's own codes, the examples the directory's filter rules give.
      expect(englishWords(text, [sample.wxerrmsg, 'zh_CN', 'ADD_SCENE_QR_CODE']), `${rule}: ${text}`).toEqual([]);
      expect(en({ ...sample, rule, label: 'menu name' }).length, rule).toBeGreaterThan(5);
    }
  });

  it('has a text for every errcode of SPEC §3, in both languages', () => {
    for (const code of Object.values(ErrorCode).filter((c) => c !== 0)) {
      // 40301's `need` is a role; 40302's a capability.
      const zh = describeError(code, { ...sample, ...(code === ErrorCode.roleForbidden ? { need: 'admin' } : {}) }, 'zh-CN');
      expect(zh, String(code)).toBeTruthy();
      expect(englishWords(zh, [sample.wxerrmsg]), `${code}: ${zh}`).toEqual([]);
      expect(describeError(code, sample, 'en'), String(code)).toBeTruthy();
    }
    expect(Object.keys(errcodeTexts).length).toBeGreaterThanOrEqual(Object.values(ErrorCode).length - 1);
  });

  it('says a menu name is too long in bytes, about how many Chinese characters, and what was given', () => {
    const result = menuButtons.safeParse([{ type: 'click', name: '一二', key: 'a' }, { type: 'click', name: 'b', key: 'b' }, { type: 'click', name: '这是一个很长很长的菜单名', key: 'c' }]);
    expect(result.success).toBe(false);
    const detail = issueDetail(result.error!.issues[0]!, [{}, {}, { name: '这是一个很长很长的菜单名' }]);
    expect(detail).toEqual({ field: '[2].name', rule: 'maxBytes', limit: 16, given: 36 });
    expect(describeError(40000, { ...detail, field: 'button[2].name' }, 'zh-CN')).toBe('菜单名称（第 3 个菜单）最多 16 个字节（约 5 个汉字），当前 36 个字节');
  });

  it('maps zod issues to rules with their limits', () => {
    const schema = z.object({ title: z.string().max(32), tags: z.array(z.string()).max(2), count: z.number().int().max(10), email: z.email('email'), kind: z.enum(['a', 'b']) });
    const input = { title: 'x'.repeat(40), tags: ['a', 'b', 'c'], count: 1.5, email: 'nope', kind: 'c' };
    const details = schema.safeParse(input).error!.issues.map((i) => issueDetail(i, input));
    expect(details).toEqual([
      { field: 'title', rule: 'maxLength', limit: 32, given: 40 },
      { field: 'tags', rule: 'maxItems', limit: 2, given: 3 },
      { field: 'count', rule: 'integer' },
      { field: 'email', rule: 'email', limit: undefined, given: undefined },
      { field: 'kind', rule: 'oneOf', limit: 'a、b' },
    ]);
    const missing = z.object({ title: z.string() }).safeParse({}).error!.issues[0]!;
    expect(issueDetail(missing, {})).toEqual({ field: 'title', rule: 'required' });
  });
});

describe('a value meant for one branch of a union', () => {
  it("is described by that branch's problem, not as matching no branch", () => {
    const sceneId = z.union([z.number().int().min(1), z.string().max(4)]);
    const schema = z.object({ sceneId });
    const input = { sceneId: 'xxxxxx' };
    expect(issueDetail(schema.safeParse(input).error!.issues[0]!, input)).toEqual({ field: 'sceneId', rule: 'maxLength', limit: 4, given: 6 });
  });
});

describe('every rule the code throws', () => {
  it("has its text in the general table or in its own area's, which the throwing module loads", async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const files = (await readdir('src', { recursive: true })).filter((f) => f.endsWith('.ts'));
    // An area's rule texts: `rule-texts.ts`, or a part of them a few modules need (`job-rule-texts.ts`).
    const areaRuleFiles = files.filter((f) => /\/([\w-]+-)?rule-texts\.ts$/.test(f));
    expect(areaRuleFiles.length).toBeGreaterThanOrEqual(6);
    const areaOf = new Map<string, { area: string; module: string }>();
    for (const file of areaRuleFiles) {
      const source = await readFile(`src/${file}`, 'utf8');
      for (const [, rule] of source.matchAll(/^ {2}'?([\w.]+)'?: \[/gm)) areaOf.set(rule!, { area: file.split('/')[0]!, module: file.split('/').at(-1)!.replace(/\.ts$/, '') });
    }
    const problems: string[] = [];
    for (const file of files) {
      const source = await readFile(`src/${file}`, 'utf8');
      // The reply quota's grant kinds (message, event) are also called `rule`; ruleName() words them.
      for (const [line, rule] of source.matchAll(/.*\brule: '([\w.]+)'.*/g)) {
        if (line.includes("state: 'usedUp'") || Object.hasOwn(ruleTexts, rule!)) continue;
        const owner = areaOf.get(rule!);
        if (!owner) problems.push(`${file}: ${rule} has no text`);
        else if (!file.startsWith(`${owner.area}/`) || !new RegExp(`import '\\.{1,2}\\/(\\.\\.\\/)?${owner.module}';`).test(source)) problems.push(`${file}: ${rule} is ${owner.area}'s and this module does not load src/${owner.area}/${owner.module}.ts`);
      }
    }
    expect(files.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it("and every stop a job records (src/core/messages/stops.ts) is worded by the general table or its own area's, which the area's views load", async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const tables = await allRuleTexts();
    const files = (await readdir('src', { recursive: true })).filter((f) => f.endsWith('.ts'));
    const problems: string[] = [];
    let stops = 0;
    for (const file of files) {
      const source = await readFile(`src/${file}`, 'utf8');
      for (const [, rule] of source.matchAll(/\bstopBy\('([\w.]+)'/g)) {
        stops += 1;
        if (!Object.hasOwn(tables, rule!)) problems.push(`${file}: ${rule} has no text`);
      }
    }
    expect(stops).toBeGreaterThanOrEqual(12);
    expect(problems).toEqual([]);
    // The publish outcomes' rules are made from WeChat's table: each is worded.
    const { publishFailures } = await import('../../src/content/job-outcomes');
    for (const { stop } of Object.values(publishFailures)) expect(Object.hasOwn(tables, stop), stop).toBe(true);
  });
});
