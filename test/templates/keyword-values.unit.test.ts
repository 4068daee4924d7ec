import { describe, expect, it } from 'vitest';
import { checkTemplateData, keywordsOf } from '../../src/templates/keyword-values';
import { templatesRuleTexts as templateTexts } from '../../src/templates/rule-texts';

/**
 * The 2023-05-04 rules of template messages, checked before WeChat is called. Every limit below is
 * WeChat's, from its table "类目模板消息参数值内容限制":
 * developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#类目模板消息
 * (WeChat answers a value past them with 47003 "argument invalid! data.<keyword>.value invalid").
 */
const content = '订单号：{{character_string1.DATA}}\n商品：{{thing2.DATA}}\n状态：{{phrase3.DATA}}\n时间：{{time4.DATA}}\n金额：{{amount5.DATA}}\n类型：{{const6.DATA}}';
const good = {
  character_string1: { value: 'SO-20231001-0001' },
  thing2: { value: '冬日限定拿铁两杯' },
  phrase3: { value: '已发货' },
  time4: { value: '2023年10月1日 15:01' },
  amount5: { value: '¥36.50' },
  const6: { value: '外卖' },
};
const approved = { const6: ['外卖', '堂食'] };

describe('template values by keyword type (2023-05-04 rules)', () => {
  it('reads the keywords and their types from the template content', () => {
    expect(keywordsOf(content).map((k) => `${k.name}:${k.type}`)).toEqual(['character_string1:character_string', 'thing2:thing', 'phrase3:phrase', 'time4:time', 'amount5:amount', 'const6:const']);
  });

  it('accepts values within their types', () => {
    expect(checkTemplateData(content, good, approved)).toEqual([]);
  });

  it.each([
    ['thing2', '一二三四五六七八九十一二三四五六七八九十一', 'template.thing', 20],
    ['character_string1', '单号123', 'template.characterString', 32],
    ['character_string1', 'A'.repeat(33), 'template.characterString', 32],
    ['phrase3', '已经发货了吗', 'template.phrase', 5],
    ['phrase3', 'ok', 'template.phrase', 5],
    ['time4', '明天下午', 'template.time', undefined],
    ['amount5', '36.5美元', 'template.amount', undefined],
  ])('refuses %s = %j naming the field and the rule (%s)', (keyword, value, rule, limit) => {
    const problems = checkTemplateData(content, { ...good, [keyword]: { value } }, approved);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: `data.${keyword}.value`, rule, ...(limit === undefined ? {} : { limit }) });
  });

  it('refuses a line break, a const not approved, first / remark and colours', () => {
    const problems = checkTemplateData(content, { ...good, thing2: { value: '两杯\n拿铁' }, const6: { value: '自取' }, first: { value: '您好' }, amount5: { value: '¥1', color: '#173177' } }, approved);

    expect(problems.map((p) => `${p.field} ${p.rule}`).sort()).toEqual(
      ['data.first template.noFirstRemark', 'data.amount5.color template.noColor', 'data.thing2.value template.lineBreak', 'data.const6.value template.const'].sort(),
    );
  });

  it('requires every keyword of the template', () => {
    const { thing2: _missing, ...rest } = good;
    expect(checkTemplateData(content, rest, approved)).toEqual([{ field: 'data.thing2.value', rule: 'template.valueRequired' }]);
  });

  it('has a text for every rule it names, in Chinese and English', () => {
    const rules = ['template.thing', 'template.number', 'template.letter', 'template.symbol', 'template.characterString', 'template.time', 'template.date', 'template.amount', 'template.phoneNumber', 'template.carNumber', 'template.name', 'template.phrase', 'template.const', 'template.lineBreak', 'template.noFirstRemark', 'template.noColor', 'template.unknownKeyword', 'template.valueRequired'];
    for (const rule of rules) expect((templateTexts as Record<string, unknown>)[rule], rule).toHaveLength(2);
  });
});
