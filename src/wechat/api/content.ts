import type { CapableAccount } from '../../core/capabilities';
import { callAsAccount } from './account-client';

/**
 * Drafts (cgi-bin/draft/*), publishing (cgi-bin/freepublish/*), mass send (cgi-bin/message/mass/*)
 * and pictures inside articles (cgi-bin/media/uploadimg), in WeChat's shapes (snake_case).
 * developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html, …/Publish/Publish.html,
 * …/Message_Management/Batch_Sends_and_Originality_Checks.html.
 */
type A = CapableAccount;

export interface WechatArticle {
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  need_open_comment: 0 | 1;
  only_fans_can_comment: 0 | 1;
}

export const addDraft = (a: A, articles: WechatArticle[]) => callAsAccount<{ media_id: string }>(a, { path: 'cgi-bin/draft/add', json: { articles } });

export const updateDraft = (a: A, mediaId: string, index: number, article: WechatArticle) =>
  callAsAccount(a, { path: 'cgi-bin/draft/update', json: { media_id: mediaId, index, articles: article } });

export const deleteDraft = (a: A, mediaId: string) => callAsAccount(a, { path: 'cgi-bin/draft/delete', json: { media_id: mediaId } });

export const getDraft = (a: A, mediaId: string) => callAsAccount<{ news_item: (WechatArticle & { url?: string })[] }>(a, { path: 'cgi-bin/draft/get', json: { media_id: mediaId } });

export const uploadArticleImage = (a: A, file: { data: Buffer; filename: string; contentType: string }) =>
  callAsAccount<{ url: string }>(a, {
    path: 'cgi-bin/media/uploadimg',
    // A fresh form per attempt: the token store may retry the call once with a new token.
    get form() {
      const form = new FormData();
      form.append('media', new Blob([file.data], { type: file.contentType }), file.filename);
      return form;
    },
  });

export const submitPublish = (a: A, mediaId: string) => callAsAccount<{ publish_id: string; msg_data_id?: number }>(a, { path: 'cgi-bin/freepublish/submit', json: { media_id: mediaId } });

export interface PublishStatus {
  publish_id: string;
  /** 0 published, 1 publishing, 2 originality check failed, 3 ordinary failure, 4 refused by review, 5 deleted by the owner, 6 blocked by WeChat. */
  publish_status: number;
  article_id?: string;
  article_detail?: { count: number; item: { idx: number; article_url: string }[] };
  fail_idx?: number[];
}

export const getPublishStatus = (a: A, publishId: string) => callAsAccount<PublishStatus>(a, { path: 'cgi-bin/freepublish/get', json: { publish_id: publishId } });

export type MassMessage =
  | { msgtype: 'mpnews'; mpnews: { media_id: string }; send_ignore_reprint: 0 | 1 }
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'voice'; voice: { media_id: string } }
  | { msgtype: 'mpvideo'; mpvideo: { media_id: string } };

/** 45065: this clientmsgid was sent within 24 hours; WeChat names the earlier msg_id. */
export const alreadySent = 45065;

export const sendAll = (a: A, filter: { is_to_all: true } | { is_to_all: false; tag_id: number }, message: MassMessage, clientmsgid: string) =>
  callAsAccount<{ errcode?: number; msg_id?: number; msg_data_id?: number }>(a, {
    path: 'cgi-bin/message/mass/sendall',
    json: { filter, ...message, clientmsgid },
    answerErrcodes: [alreadySent],
  });

export const previewMass = (a: A, openid: string, message: MassMessage) => callAsAccount<{ msg_id?: number }>(a, { path: 'cgi-bin/message/mass/preview', json: { touser: openid, ...message } });
