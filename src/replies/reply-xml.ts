import { cdata } from '../wechat/xml';
import type { Reply } from './reply-schema';

/**
 * How many news articles WeChat delivers in a passive reply: since 2018 only the first when the
 * reply answers a follower's message (text, image, voice, video, location, link…), up to 8 when it
 * answers an event (subscribe, menu click). Sending more is sending what nobody will see.
 */
export const maxArticlesFor = (answering: 'message' | 'event'): number => (answering === 'event' ? 8 : 1);

/** `<name><![CDATA[value]]></name>`, or nothing when the value is absent (as buildWechatXml leaves it out). */
const el = (name: string, value: string | undefined): string => (value === undefined ? '' : `<${name}>${cdata(value)}</${name}>`);

/**
 * WeChat's passive reply XML for each reply type (被动回复用户消息): sender and recipient swap,
 * CreateTime in seconds, and the type's own element (Image/Voice/Video/Music, news as Articles,
 * at most `maxArticles` of them). Written as templates, not through buildWechatXml: the shapes
 * are fixed, every message that matches a rule renders one, and the generic renderer's object
 * building was a tenth of the callback's in-process time. The output is the same, byte for byte.
 */
export const buildReplyXml = (reply: Reply, to: string, from: string, createTime: number, maxArticles = 8): string => {
  if (!Number.isFinite(createTime)) throw new RangeError('CreateTime is not a finite number');
  const head = `<xml>${el('ToUserName', to)}${el('FromUserName', from)}<CreateTime>${createTime}</CreateTime>`;
  switch (reply.type) {
    case 'text':
      return `${head}<MsgType><![CDATA[text]]></MsgType>${el('Content', reply.content.content)}</xml>`;
    case 'image':
      return `${head}<MsgType><![CDATA[image]]></MsgType><Image>${el('MediaId', reply.content.mediaId)}</Image></xml>`;
    case 'voice':
      return `${head}<MsgType><![CDATA[voice]]></MsgType><Voice>${el('MediaId', reply.content.mediaId)}</Voice></xml>`;
    case 'video': {
      const { mediaId, title, description } = reply.content;
      return `${head}<MsgType><![CDATA[video]]></MsgType><Video>${el('MediaId', mediaId)}${el('Title', title)}${el('Description', description)}</Video></xml>`;
    }
    case 'music': {
      const { title, description, musicUrl, hqMusicUrl, thumbMediaId } = reply.content;
      const inner = `${el('Title', title)}${el('Description', description)}${el('MusicUrl', musicUrl)}${el('HQMusicUrl', hqMusicUrl ?? musicUrl)}${el('ThumbMediaId', thumbMediaId)}`;
      return `${head}<MsgType><![CDATA[music]]></MsgType><Music>${inner}</Music></xml>`;
    }
    case 'multitext': {
      const articles = reply.content.articles.slice(0, Math.max(1, maxArticles));
      let items = '';
      for (const a of articles) items += `<item>${el('Title', a.title)}${el('Description', a.description)}${el('PicUrl', a.picurl)}${el('Url', a.url)}</item>`;
      return `${head}<MsgType><![CDATA[news]]></MsgType><ArticleCount>${articles.length}</ArticleCount><Articles>${items}</Articles></xml>`;
    }
  }
};

const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);

/** A line for the inbox saying what a reply was. */
export const replySummary = (reply: Reply, maxArticles = 8): string => {
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
  buildReplyXml({ type: 'text', content: { content } }, to, from, createTime);
