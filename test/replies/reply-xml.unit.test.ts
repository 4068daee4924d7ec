import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/replies/reply-schema';
import { buildReplyXml, textReplyXml } from '../../src/replies/reply-xml';
import { buildWechatXml, parseWechatXml } from '../../src/wechat/xml';

/**
 * The passive replies are written as templates; WeChat's documented shapes, rendered by the
 * generic renderer (every string in CDATA, numbers bare, lists as <item>), are the reference.
 */
const to = 'o_follower_]]>_1';
const from = 'gh_account';
const createTime = 1764550000;
const head = { ToUserName: to, FromUserName: from, CreateTime: createTime };
const tricky = 'a ]]> b <c> & d 中文 😀';

const cases: { reply: Reply; maxArticles?: number; expected: Parameters<typeof buildWechatXml>[0] }[] = [
  { reply: { type: 'text', content: { content: tricky } }, expected: { ...head, MsgType: 'text', Content: tricky } },
  { reply: { type: 'image', content: { mediaId: 'm-1' } }, expected: { ...head, MsgType: 'image', Image: { MediaId: 'm-1' } } },
  { reply: { type: 'voice', content: { mediaId: 'm-2' } }, expected: { ...head, MsgType: 'voice', Voice: { MediaId: 'm-2' } } },
  {
    reply: { type: 'video', content: { mediaId: 'm-3', title: tricky, description: '' } },
    expected: { ...head, MsgType: 'video', Video: { MediaId: 'm-3', Title: tricky, Description: '' } },
  },
  {
    reply: { type: 'music', content: { title: 'song', description: 'd', musicUrl: 'https://example.com/a.mp3', thumbMediaId: 't-1' } },
    expected: {
      ...head,
      MsgType: 'music',
      Music: { Title: 'song', Description: 'd', MusicUrl: 'https://example.com/a.mp3', HQMusicUrl: 'https://example.com/a.mp3', ThumbMediaId: 't-1' },
    },
  },
  {
    reply: {
      type: 'multitext',
      content: {
        articles: [1, 2, 3].map((n) => ({ title: `t${n} ${tricky}`, description: `d${n}`, picurl: `https://example.com/${n}.png`, url: `https://example.com/${n}` })),
      },
    },
    maxArticles: 2,
    expected: {
      ...head,
      MsgType: 'news',
      ArticleCount: 2,
      Articles: [1, 2].map((n) => ({ Title: `t${n} ${tricky}`, Description: `d${n}`, PicUrl: `https://example.com/${n}.png`, Url: `https://example.com/${n}` })),
    },
  },
];

describe('passive reply XML', () => {
  it.each(cases)('renders a $reply.type reply exactly as WeChat documents its shape', ({ reply, maxArticles, expected }) => {
    const xml = buildReplyXml(reply, to, from, createTime, maxArticles);

    expect(xml).toBe(buildWechatXml(expected));
    expect(parseWechatXml(xml)['ToUserName']).toBe(to);
  });

  it('keeps one article when answering a message, and says so in ArticleCount', () => {
    const reply = cases.at(-1)!.reply;

    const parsed = parseWechatXml(buildReplyXml(reply, to, from, createTime, 1));

    expect(parsed['ArticleCount']).toBe('1');
    expect(parsed['Articles']).toEqual({ item: [expect.objectContaining({ Title: `t1 ${tricky}` })] });
  });

  it('renders the platform’s fixed text answers the same way', () => {
    expect(textReplyXml('hi', to, from, createTime)).toBe(buildWechatXml({ ...head, MsgType: 'text', Content: 'hi' }));
  });
});
