import { buildWechatXml, type XmlInputObject } from '../wechat/xml';
import type { Reply } from './reply-schema';

/**
 * How many news articles WeChat delivers in a passive reply: since 2018 only the first when the
 * reply answers a follower's message (text, image, voice, video, location, link…), up to 8 when it
 * answers an event (subscribe, menu click). Sending more is sending what nobody will see.
 */
export const maxArticlesFor = (answering: 'message' | 'event'): number => (answering === 'event' ? 8 : 1);

/**
 * WeChat's passive reply XML for each reply type (被动回复用户消息): sender and recipient swap,
 * CreateTime in seconds, and the type's own element (Image/Voice/Video/Music, news as Articles,
 * at most `maxArticles` of them).
 */
export const buildReplyXml = (reply: Reply, to: string, from: string, createTime: number, maxArticles = 8): string => {
  const head: XmlInputObject = { ToUserName: to, FromUserName: from, CreateTime: createTime };
  switch (reply.type) {
    case 'text':
      return buildWechatXml({ ...head, MsgType: 'text', Content: reply.content.content });
    case 'image':
      return buildWechatXml({ ...head, MsgType: 'image', Image: { MediaId: reply.content.mediaId } });
    case 'voice':
      return buildWechatXml({ ...head, MsgType: 'voice', Voice: { MediaId: reply.content.mediaId } });
    case 'video':
      return buildWechatXml({
        ...head,
        MsgType: 'video',
        Video: { MediaId: reply.content.mediaId, Title: reply.content.title, Description: reply.content.description },
      });
    case 'music':
      return buildWechatXml({
        ...head,
        MsgType: 'music',
        Music: {
          Title: reply.content.title,
          Description: reply.content.description,
          MusicUrl: reply.content.musicUrl,
          HQMusicUrl: reply.content.hqMusicUrl ?? reply.content.musicUrl,
          ThumbMediaId: reply.content.thumbMediaId,
        },
      });
    case 'multitext': {
      const articles = reply.content.articles.slice(0, Math.max(1, maxArticles));
      return buildWechatXml({
        ...head,
        MsgType: 'news',
        ArticleCount: articles.length,
        Articles: articles.map((a) => ({ Title: a.title, Description: a.description, PicUrl: a.picurl, Url: a.url })),
      });
    }
  }
};

/** A line for the inbox saying what a reply was. */
export const replySummary = (reply: Reply, maxArticles = 8): string => {
  const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);
  switch (reply.type) {
    case 'text':
      return clip(reply.content.content);
    case 'image':
    case 'voice':
      return `${reply.type} ${reply.content.mediaId}`;
    case 'video':
      return clip(`video ${reply.content.title || reply.content.mediaId}`);
    case 'music':
      return clip(`music ${reply.content.title}`);
    case 'multitext': {
      const articles = reply.content.articles.slice(0, Math.max(1, maxArticles));
      return clip(`news (${articles.length}): ${articles.map((a) => a.title).join(' | ')}`);
    }
  }
};

/** A text reply, for the platform's own fixed answers (release test). */
export const textReplyXml = (content: string, to: string, from: string, createTime: number): string =>
  buildWechatXml({ ToUserName: to, FromUserName: from, CreateTime: createTime, MsgType: 'text', Content: content });
