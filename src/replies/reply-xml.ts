import { buildWechatXml, type XmlInputObject } from '../wechat/xml';
import type { Reply } from './reply-schema';

/**
 * WeChat's passive reply XML for each reply type (被动回复用户消息): sender and recipient swap,
 * CreateTime in seconds, and the type's own element (Image/Voice/Video/Music, news as Articles).
 */
export const buildReplyXml = (reply: Reply, to: string, from: string, createTime: number): string => {
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
    case 'multitext':
      return buildWechatXml({
        ...head,
        MsgType: 'news',
        ArticleCount: reply.content.articles.length,
        Articles: reply.content.articles.map((a) => ({ Title: a.title, Description: a.description, PicUrl: a.picurl, Url: a.url })),
      });
  }
};

/** A text reply, for the platform's own fixed answers (release test). */
export const textReplyXml = (content: string, to: string, from: string, createTime: number): string =>
  buildWechatXml({ ToUserName: to, FromUserName: from, CreateTime: createTime, MsgType: 'text', Content: content });
