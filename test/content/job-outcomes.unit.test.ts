import { describe, expect, it } from 'vitest';
import { massOutcome, publishOutcome } from '../../src/content/job-outcomes';
import { sanitizeArticleHtml } from '../../src/content/article-html';
import '../../src/content/stop-rule-texts';
import { stopText } from '../../src/core/messages/stop-text';

/** What WeChat's job outcomes mean for a send, and the body sanitizer, without servers. */
describe('job outcomes', () => {
  // publish_status: developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html (0 成功, 1 发布中, 2 原创失败, 3 常规失败, 4 平台审核不通过).
  it('reads publish_status: 1 is still publishing, 0 published with its links in order, others failed with the reason', () => {
    expect(publishOutcome(1, [])).toBeUndefined();
    expect(publishOutcome(0, ['https://mp.weixin.qq.com/s/a', 'https://mp.weixin.qq.com/s/b'])).toEqual({
      status: 'published',
      change: { articles: [{ idx: 1, url: 'https://mp.weixin.qq.com/s/a' }, { idx: 2, url: 'https://mp.weixin.qq.com/s/b' }], pendingUntil: null },
    });
    expect(publishOutcome(4, [], [2])).toMatchObject({ status: 'failed', change: { reason: "平台审核不通过 (refused by WeChat's review) (article 2)" } });
    expect(publishOutcome(9, [])).toMatchObject({ status: 'failed', change: { reason: "WeChat's publish_status 9" } });
  });

  it('keeps why for a person: the articles WeChat named, worded in each language, and the next step by the failure', () => {
    const refused = publishOutcome(4, [], [1, 2])!.change.stop;
    expect(refused).toEqual({ errcode: 0, rule: 'publish.review', given: '1,2' });
    expect(stopText(refused, 'zh-CN')).toBe('发表失败：平台审核不通过（第 1、2 篇）。请修改草稿后重新发表');
    expect(stopText(refused, 'en')).toBe("Not published: refused by WeChat's review (article 1, 2). Edit the draft and publish again.");
    // 常规失败 is WeChat's, not the draft's: publishing again later is the next step.
    expect(stopText(publishOutcome(3, [])!.change.stop, 'zh-CN')).toBe('微信未能发表（常规失败）：请稍后重新发表');
    expect(stopText(publishOutcome(6, [])!.change.stop, 'zh-CN')).toBe('发表后所有文章已被系统封禁：粉丝已看不到这次发表的文章');
    expect(stopText(massOutcome({ Status: 'err(20013)' }).change.stop, 'zh-CN')).toBe('微信审核未通过，群发已停止：涉嫌版权。请修改内容后重新群发');
  });

  // MASSSENDJOBFINISH Status: "send success", "send fail", "err(num)":
  // developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html.
  it('reads MASSSENDJOBFINISH: counts always, sent on "send success", failed with the review\'s reason on err(n)', () => {
    expect(massOutcome({ Status: 'send success', TotalCount: '10', FilterCount: '8', SentCount: '8', ErrorCount: '0' })).toEqual({
      status: 'sent',
      change: { counts: { total: 10, filtered: 8, sent: 8, error: 0 } },
    });
    expect(massOutcome({ Status: 'err(20013)', TotalCount: '5' })).toMatchObject({ status: 'failed', change: { reason: '涉嫌版权 (suspected copyright infringement) (WeChat err(20013))', counts: { total: 5 } } });
    expect(massOutcome({ Status: 'send fail', TotalCount: 'x' })).toMatchObject({ status: 'failed', change: { counts: { total: 0 } } });
  });
});

describe('article HTML', () => {
  it('drops what runs (script, on* handlers, javascript: links, style expressions) and keeps WeChat\'s tags and plain styles', () => {
    const { html, foreignImages } = sanitizeArticleHtml(
      '<section style="color:red;background-image:url(javascript:x)"><h3 onmouseover="x()">标题</h3><iframe src="https://evil"></iframe>' +
        '<a href="javascript:alert(1)">a</a><a href="https://mp.weixin.qq.com/s/x">b</a><img src="http://mmbiz.qpic.cn/mmbiz_png/x/0"></section>',
    );
    expect(html).toBe('<section style="color:red;"><h3>标题</h3><a>a</a><a href="https://mp.weixin.qq.com/s/x">b</a><img src="http://mmbiz.qpic.cn/mmbiz_png/x/0"></section>');
    expect(foreignImages).toEqual([]);
  });

  it('sees through encodings and odd spellings: entity-encoded and mixed-case javascript:, data: and mailto: links, onerror on a WeChat picture, a script split by a tag', () => {
    const { html } = sanitizeArticleHtml(
      '<p><a href="&#106;avascript:alert(1)">1</a><a href=" JaVaScRiPt:alert(1)">2</a><a href="data:text/html,x">3</a><a href="mailto:a@b.c">4</a>' +
        '<img src="https://mmbiz.qpic.cn/a/0" onerror="alert(1)" data-ratio="0.75"><scr<script>ipt>alert(2)</script></p><svg onload="alert(3)"></svg>',
    );
    expect(html).not.toMatch(/javascript|onerror|onload|data:|mailto|<script|<svg/i);
    expect(html).toContain('<img src="https://mmbiz.qpic.cn/a/0" data-ratio="0.75">');
    expect(html).toContain('<a>1</a><a>2</a><a>3</a><a>4</a>');
  });

  it('keeps WeChat\'s styles with plain values and drops the rest one by one (url(), expression(), unknown properties)', () => {
    const { html } = sanitizeArticleHtml(
      '<p style="color: rgb(1, 2, 3); font-size: 16px; position: fixed; width: expression(alert(1)); background: url(https://x/y.png)">t</p>' +
        '<table><tbody><tr><td colspan="2" onclick="x()">c</td></tr></tbody></table>',
    );
    expect(html).toBe('<p style="color:rgb(1, 2, 3); font-size:16px;">t</p><table><tbody><tr><td colspan="2">c</td></tr></tbody></table>');
  });

  it('names every picture that is not WeChat\'s own (another host, a data: URL, no src)', () => {
    expect(sanitizeArticleHtml('<img src="https://example.com/a.png"><img src="data:image/png;base64,AAAA"><img>').foreignImages).toEqual(['https://example.com/a.png', 'data:image/png;base64,AAAA', '(no src)']);
  });
});
