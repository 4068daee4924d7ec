import type { MassMessage } from '../wechat/api/content';
import type { SendMessage } from './data/sends';

/** A mass message as the API takes it, as we keep it, and as WeChat's sendall / preview take it. */
export interface MassContent {
  mediaId?: string;
  text?: string;
  image?: string;
  voice?: string;
  video?: string;
}

export const messageOf = (content: MassContent): SendMessage => {
  if (content.mediaId) return { type: 'mpnews', mediaId: content.mediaId };
  if (content.text) return { type: 'text', text: content.text };
  if (content.image) return { type: 'image', mediaId: content.image };
  if (content.voice) return { type: 'voice', mediaId: content.voice };
  return { type: 'mpvideo', mediaId: content.video! };
};

export const wechatMessageOf = (message: SendMessage): MassMessage => {
  switch (message.type) {
    case 'mpnews':
      // A reprint judged by the originality check is sent as a reprint rather than not at all.
      return { msgtype: 'mpnews', mpnews: { media_id: message.mediaId! }, send_ignore_reprint: 1 };
    case 'text':
      return { msgtype: 'text', text: { content: message.text! } };
    case 'image':
      return { msgtype: 'image', image: { media_id: message.mediaId! } };
    case 'voice':
      return { msgtype: 'voice', voice: { media_id: message.mediaId! } };
    case 'mpvideo':
      return { msgtype: 'mpvideo', mpvideo: { media_id: message.mediaId! } };
  }
};

