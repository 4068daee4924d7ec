import { addRuleTexts } from '../core/messages/texts';

/** What the template checker's refusals say to a person (src/core/messages/texts.ts: how rules are worded). */
export const templatesRuleTexts = addRuleTexts({
  'template.thing': [(d) => `${d.label}最多 ${d.limit} 个字（汉字、数字、字母或符号）`, (d) => `${d.label}: at most ${d.limit} characters.`],
  'template.number': [(d) => `${d.label}只能是数字（可带小数），最多 ${d.limit} 位`, (d) => `${d.label}: digits only (a decimal point allowed), at most ${d.limit}.`],
  'template.letter': [(d) => `${d.label}只能是字母，最多 ${d.limit} 个`, (d) => `${d.label}: letters only, at most ${d.limit}.`],
  'template.symbol': [(d) => `${d.label}只能是符号，最多 ${d.limit} 个`, (d) => `${d.label}: symbols only, at most ${d.limit}.`],
  'template.characterString': [(d) => `${d.label}只能是数字、字母或符号（不能有汉字），最多 ${d.limit} 位`, (d) => `${d.label}: digits, letters or symbols (no Chinese), at most ${d.limit}.`],
  'template.time': [(d) => `${d.label}应为 24 小时制时间，可带年月日，例如 ${d.limit}`, (d) => `${d.label}: a 24-hour time, optionally with a date, e.g. ${d.limit}.`],
  'template.date': [(d) => `${d.label}应为年月日，例如 ${d.limit}`, (d) => `${d.label}: a date, e.g. ${d.limit}.`],
  'template.amount': [(d) => `${d.label}应为 1 个币种符号加最多 10 位数字，可带小数，结尾可带“元”，例如 ${d.limit}`, (d) => `${d.label}: one currency sign and up to 10 digits, decimals allowed, may end with 元, e.g. ${d.limit}.`],
  'template.phoneNumber': [(d) => `${d.label}最多 ${d.limit} 位数字或符号`, (d) => `${d.label}: at most ${d.limit} digits or symbols.`],
  'template.carNumber': [(d) => `${d.label}最多 ${d.limit} 位，首尾可为汉字，其余为字母或数字`, (d) => `${d.label}: at most ${d.limit} characters, Chinese only first or last, letters or digits between.`],
  'template.name': [(d) => `${d.label}最多 10 个汉字或 20 个字母`, (d) => `${d.label}: at most 10 Chinese characters or 20 letters.`],
  'template.phrase': [(d) => `${d.label}只能是汉字，最多 ${d.limit} 个`, (d) => `${d.label}: Chinese characters only, at most ${d.limit}.`],
  'template.const': [(d) => `${d.label}只能是审核通过的值：${d.limit}`, (d) => `${d.label}: only an approved value: ${d.limit}.`],
  'template.lineBreak': [(d) => `${d.label}不能换行`, (d) => `${d.label}: no line breaks.`],
  'template.noFirstRemark': [() => '模板消息自 2023 年 5 月 4 日起不再显示首行和备注，请删除这两项', () => 'Since 2023-05-04 template messages show no first or remark line: remove it.'],
  'template.noColor': [() => '模板消息自 2023 年 5 月 4 日起不支持设置颜色，请删除', () => 'Since 2023-05-04 template messages take no colours: remove it.'],
  'template.libraryKeywords': [
    (d) => `模板库中这个模板的关键词与“${d.given}”不一致：请按公众平台「模板消息 › 模板库」中该模板详情里的关键词名称和顺序填写`,
    (d) => `The library template's keywords do not match "${d.given}": use the names and the order its details show in the back office (模板消息 › 模板库).`,
  ],
  'template.unknownKeyword': [(d) => `模板中没有“${d.given}”这一项`, (d) => `The template has no keyword "${d.given}".`],
  'template.valueRequired': [(d) => `请填写${d.label}`, (d) => `Fill in ${d.label}.`],
  'template.oneTarget': [() => '请选择一个发送对象：一位用户、一个标签或一个粉丝筛选结果', () => 'Choose one audience: one follower (openid), one tag (tagId) or one segment (segmentId).'],
  'template.emptyTag': [(d) => `${d.label}下没有用户（以已同步的用户列表为准，请先同步用户）`, (d) => `${d.label}: no followers in it in the directory (sync the followers first).`],
  'template.unknownTemplate': [(d) => `${d.label}不在本公众号的模板列表中`, (d) => `${d.label}: the official account has no such template.`],
  'format.templateId': [(d) => `${d.label}应为微信的模板 ID（字母、数字、_ 和 -）`, (d) => `${d.label} must be a WeChat template ID (letters, digits, "_" and "-").`],
  'format.templateIdShort': [(d) => `${d.label}应为模板库中的模板编号，例如 47123`, (d) => `${d.label} must be a template number of the library, e.g. 47123.`],
  'format.keyword': [(d) => `${d.label}应为模板中的关键词名（英文字母加数字）`, (d) => `${d.label} must be a keyword of the template, e.g. thing1.`],
  'format.cursor': [(d) => `${d.label}不是这份列表的翻页位置，请从第一页开始`, (d) => `${d.label}: not a page position of this list; start from the first page.`],
});
