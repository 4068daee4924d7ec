import { t } from '../i18n';
import { beijingTime, displayHtml, type DraftArticle } from '../publishing';

/**
 * An article as a follower reads it in WeChat, inside a phone frame: the title, the author · the
 * account's name · the date line, the body, 阅读原文 when there is an original link, and whether
 * comments are open.
 */
export const ArticlePreview = (props: { article: DraftArticle; accountName: string; date?: string | undefined }) => {
  const { article } = props;
  return (
    <section class="article-phone" aria-label={t('draft.preview')}>
      <div class="article-phone__bar" aria-hidden="true">
        <span>{props.accountName}</span>
      </div>
      <article class="article-page">
        <h2 class="article-page__title">{article.title || t('draft.untitled')}</h2>
        <p class="article-page__meta">
          {article.author && <span class="article-page__author">{article.author}</span>}
          <span class="article-page__account">{props.accountName}</span>
          <span>{beijingTime(props.date ?? Date.now()).replace(/\s?\d\d:\d\d$/, '')}</span>
        </p>
        {/* The author's own HTML (sanitized again by the API when saved; the CSP runs no inline script). */}
        <div class="article-page__body article-html" dangerouslySetInnerHTML={{ __html: displayHtml(article.content) || `<p class="muted">${t('draft.body.empty')}</p>` }} />
        {article.contentSourceUrl && <p class="article-page__source">{t('draft.readOriginal')}</p>}
        <p class="article-page__comments">{article.needOpenComment ? (article.onlyFansCanComment ? t('draft.commentsFans') : t('draft.commentsOpen')) : t('draft.commentsClosed')}</p>
      </article>
    </section>
  );
};
