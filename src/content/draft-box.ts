import type { Account } from '../core/data/accounts';
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../core/errors';
import { logger } from '../core/http/logger';
import { getMaterialRecord } from '../materials/data/materials';
import { addDraft as addWechatDraft, deleteDraft as deleteWechatDraft, updateDraft as updateWechatDraft, type WechatArticle } from '../wechat/api/content';
import { sanitizeArticleHtml } from './article-html';
import { packedSize, putDraft, replaceArticles, type StoredArticle } from './data/drafts';
import { readDraft, refuseLocked } from './draft-reads';
import type { ArticleInputValue } from './inputs';

/**
 * The draft box (草稿箱): drafts made at WeChat (draft/*) and our own copy of each. Everything WeChat
 * would refuse is refused first (inputs.ts; here the cover and the pictures of the body), and a
 * draft WeChat made is deleted there again if our copy cannot be written: nothing half-created.
 */
export interface Author {
  userId: string;
  username: string;
}

/** DynamoDB takes 400 KB an item; the compressed articles stay well under it or are refused. */
const maxPackedBytes = 350 * 1024;

const toWechat = (a: StoredArticle): WechatArticle => ({
  title: a.title,
  author: a.author,
  digest: a.digest,
  content: a.content,
  content_source_url: a.contentSourceUrl,
  thumb_media_id: a.thumbMediaId,
  need_open_comment: a.needOpenComment ? 1 : 0,
  only_fans_can_comment: a.onlyFansCanComment ? 1 : 0,
});

/** Sanitizes each body and checks each cover; answers the articles as they will be stored and sent. */
const prepare = async (appid: string, articles: ArticleInputValue[], fieldOf: (i: number) => string): Promise<StoredArticle[]> => {
  const covers = new Map<string, Promise<boolean>>();
  const isCover = (mediaId: string) => {
    if (!covers.has(mediaId)) covers.set(mediaId, getMaterialRecord(appid, mediaId).then((m) => m?.materialType === 'image'));
    return covers.get(mediaId)!;
  };
  const prepared: StoredArticle[] = [];
  for (const [i, article] of articles.entries()) {
    if (!(await isCover(article.thumbMediaId))) {
      // Not among this account's permanent images: the reference is unknown here (40400, naming the field).
      throw new NotFoundError(`${fieldOf(i)}.thumbMediaId: not a permanent image material of this official account (upload the cover with uploadMaterial, type image)`);
    }
    const { html, foreignImages } = sanitizeArticleHtml(article.content);
    if (foreignImages.length) {
      throw new ValidationError(
        `${fieldOf(i)}.content: the picture ${foreignImages[0]} is not one of WeChat's (WeChat shows only its own pictures inside articles): upload it with uploadArticleImage and use the URL it answers`,
      );
    }
    if (!html.trim()) throw new ValidationError(`${fieldOf(i)}.content: nothing is left once scripts and unsupported markup are removed`);
    prepared.push({ ...article, content: html });
  }
  if (packedSize(prepared) > maxPackedBytes) throw new PayloadTooLargeError('articles: too large to keep as one draft; shorten the bodies');
  return prepared;
};

export const createDraft = async (account: Account, author: Author, articles: ArticleInputValue[]) => {
  const prepared = await prepare(account.appid, articles, (i) => `articles[${i}]`);
  const { media_id: mediaId } = await addWechatDraft(account, prepared.map(toWechat));
  const now = new Date().toISOString();
  try {
    await putDraft({ appid: account.appid, mediaId, articles: prepared, createdAt: now, updatedAt: now, createdBy: author, state: 'draft' });
  } catch (error) {
    await deleteWechatDraft(account, mediaId).catch((cause: unknown) => logger.warn('draft not recorded and not deleted at WeChat', { appid: account.appid, mediaId, error: cause }));
    throw error;
  }
  return { mediaId, articles: prepared };
};

const ourDraft = readDraft;


export const changeArticle = async (account: Account, mediaId: string, index: number, article: ArticleInputValue) => {
  const draft = await ourDraft(account.appid, mediaId);
  refuseLocked(draft);
  if (index >= draft.articles.length) throw new ValidationError(`index: the draft has ${draft.articles.length} article(s), numbered from 0`);
  if (draft.articles.length > 1 && article.digest) throw new ValidationError('article.digest: only a single-article draft has a digest (WeChat shows none for several)');
  const [prepared] = await prepare(account.appid, [article], () => 'article');
  await updateWechatDraft(account, mediaId, index, toWechat(prepared!));
  const articles = draft.articles.map((a, i) => (i === index ? prepared! : a));
  await replaceArticles(account.appid, mediaId, articles, draft.updatedAt, new Date().toISOString());
  return { mediaId, articles };
};

