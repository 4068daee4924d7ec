import type { ReplyContent, ReplyType } from '../../../src/replies/reply-schema';
import { t } from '../i18n';
import { MaterialThumb } from './MaterialThumb';

/**
 * A WeChat-style conversation: the follower's message on the right (green), the account's reply
 * on the left (white), news as article cards. Pictures at foreign URLs are not loaded (the CSP
 * allows no foreign origin): a card shows its title and description over a plain cover. An image
 * reply shows the picture itself, its bytes fetched through the platform (materials.image), or the
 * thumbnail's placeholder when it cannot be shown.
 */
export type DraftReply = { [T in ReplyType]: { type: T; content: Partial<ReplyContent[T]> } }[ReplyType];

const Bubble = (props: { side: 'follower' | 'account'; children: preact.ComponentChildren }) => (
  <li class={`chat__row chat__row--${props.side}`}>
    <span class="chat__avatar" aria-hidden="true">
      {t(props.side === 'follower' ? 'preview.followerAvatar' : 'preview.accountAvatar')}
    </span>
    <div class="chat__bubble">
      <span class="visually-hidden">{t(props.side === 'follower' ? 'preview.follower' : 'preview.account')}: </span>
      {props.children}
    </div>
  </li>
);

const ReplyBody = ({ appid, reply }: { appid: string; reply: DraftReply }) => {
  switch (reply.type) {
    case 'text':
      return <p class="chat__text">{reply.content.content || '…'}</p>;
    case 'image':
      if (reply.content.mediaId) return <MaterialThumb appid={appid} mediaId={reply.content.mediaId} name={t('type.image')} className="chat__image" />;
      return <p class="chat__media">[{t('type.image')}]</p>;
    case 'voice':
      return <p class="chat__media">[{t(`type.${reply.type}`)}]</p>;
    case 'video':
      return (
        <p class="chat__media">
          [{t('type.video')}] {reply.content.title ?? ''}
        </p>
      );
    case 'music':
      return (
        <div class="chat__card">
          <strong>♪ {reply.content.title || '…'}</strong>
          <span>{reply.content.description}</span>
        </div>
      );
    case 'multitext': {
      const articles = reply.content.articles ?? [];
      return (
        <div class="chat__news">
          {articles.map((a, i) => (
            <div class={i === 0 ? 'chat__news-lead' : 'chat__news-item'} key={i}>
              <strong>{a.title || '…'}</strong>
              {i === 0 && a.description && <span>{a.description}</span>}
            </div>
          ))}
        </div>
      );
    }
  }
};

export const ChatPreview = (props: { appid: string; keyword: string; reply: DraftReply }) => (
  <section class="chat" aria-label={t('preview.title')}>
    <h3 class="chat__title">{t('preview.title')}</h3>
    <ol class="chat__list">
      <Bubble side="follower">{props.keyword.startsWith('@') ? `(${props.keyword})` : props.keyword || '…'}</Bubble>
      <Bubble side="account">
        <ReplyBody appid={props.appid} reply={props.reply} />
      </Bubble>
    </ol>
  </section>
);
