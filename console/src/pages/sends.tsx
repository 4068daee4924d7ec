import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Alert } from '../components/Toast';
import { useCursorList } from '../cursor-list';
import type { Output } from '../contract';
import { language, t, type MessageKey } from '../i18n';
import { beijingTime, type Send } from '../publishing';
import { href } from '../router';
import type { PageProps } from './types';

/**
 * 发表记录: everything published or mass-sent through the platform, newest first, from our own copy
 * (WeChat lists no mass-sent articles): status, the push's counts, the published articles' links,
 * who sent it, the scheduled time; a scheduled send can be cancelled (confirmed) before its time.
 */
type Group = Output<'groups.list'>['groups'][number];

const statusClass: Record<Send['status'], string> = {
  pendingApproval: 'badge--pending',
  rejected: 'badge--unauthorized',
  scheduled: 'badge--pending',
  sending: 'badge--pending',
  submitted: 'badge--pending',
  published: 'badge--authorized',
  sent: 'badge--authorized',
  failed: 'badge--unauthorized',
  cancelled: '',
};

export const SendsPage = ({ account, organization }: PageProps) => {
  const appid = account!.appid;
  // Owners and admins approve (the API refuses others with 40301; one may not approve one's own send unless the only approver).
  const mayApprove = organization?.role === 'owner' || organization?.role === 'admin';
  const [tags, setTags] = useState<Group[]>([]);
  const [cancelling, setCancelling] = useState<Send>();
  const list = useCursorList(async (cursor) => {
    const answer = await call('content.listSends', { appid, limit: 20, ...(cursor ? { cursor } : {}) });
    return { items: answer.sends, cursor: answer.cursor };
    // Read again in a language switched to: the API words why a send failed in the request's.
  }, [appid, language()]);
  const { items: sends, cursor, error } = list;
  useEffect(() => {
    call('groups.list', { appid }).then(({ groups }) => setTags(groups), () => undefined);
  }, [appid]);

  const cancel = () => {
    const target = cancelling!;
    setCancelling(undefined);
    return list.act(() => call('content.cancelSend', { appid, sendId: target.sendId }), 'sends.cancelled');
  };

  const decide = (send: Send, approve: boolean) =>
    list.act(() => call(approve ? 'content.approveSend' : 'content.rejectSend', { appid, sendId: send.sendId }), approve ? 'sends.approved' : 'sends.rejected');
  const waitsForApproval = (send: Send): boolean => send.status === 'pendingApproval' || (send.status === 'scheduled' && send.approval?.state === 'pending');

  const targetText = (send: Send): string => {
    if (send.kind === 'publish') return t('sends.target.publish');
    if (!send.target) return '';
    if ('toAll' in send.target) return t('sends.target.all');
    const id = send.target.tagId;
    return t('sends.target.tag', { name: tags.find((g) => g.id === id)?.name ?? String(id) });
  };
  const what = (send: Send): string => send.titles?.join(' / ') || send.message.text || t(`sends.message.${send.message.type}` as MessageKey);

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('sends.title')}</h1>
        <a class="button" href={href('/drafts', { appid })}>
          {t('drafts.title')}
        </a>
      </div>
      <p class="muted">{t('sends.intro')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!sends && !error && <p class="loading">{t('common.loading')}</p>}
      {sends && sends.length === 0 && <p class="card muted">{t('sends.empty')}</p>}
      {sends && sends.length > 0 && (
        <ul class="send-list" aria-label={t('sends.title')}>
          {sends.map((s) => (
            <li class="send-item card" key={s.sendId}>
              <div class="send-item__head">
                <span class="send-item__kind">{t(`sends.kind.${s.kind}`)}</span>
                <span class={`badge ${statusClass[s.status]}`}>{t(`sends.status.${s.status}`)}</span>
                <span class="muted small">{s.status === 'scheduled' && s.sendAt ? t('sends.at', { time: beijingTime(s.sendAt) }) : beijingTime(s.createdAt)}</span>
              </div>
              <p class="send-item__what">{what(s)}</p>
              <dl class="send-item__facts">
                <div>
                  <dt>{t('sends.targetLabel')}</dt>
                  <dd>{targetText(s)}</dd>
                </div>
                {s.counts && (
                  <div>
                    <dt>{t('sends.countsLabel')}</dt>
                    <dd>{t('sends.counts', { sent: s.counts.sent, filtered: s.counts.filtered, error: s.counts.error, total: s.counts.total })}</dd>
                  </div>
                )}
                {s.sendAt && s.status !== 'scheduled' && (
                  <div>
                    <dt>{t('sends.sendAtLabel')}</dt>
                    <dd>{beijingTime(s.sendAt)}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('sends.byLabel')}</dt>
                  <dd>{s.by.username}</dd>
                </div>
              </dl>
              {s.articles && s.articles.length > 0 && (
                <p class="send-item__links">
                  {s.articles.map((a) => (
                    <a key={a.idx} href={a.url} target="_blank" rel="noopener noreferrer">
                      {t('sends.articleLink', { n: a.idx + 1, title: s.titles?.[a.idx] ?? '' })}
                    </a>
                  ))}
                </p>
              )}
              {/* reasonText is a whole sentence with the next step; an approver's words or an older record's reason get a label. */}
              {s.reason && (
                <p class="field__error">{s.status === 'rejected' ? t('sends.rejectedReason', { reason: s.reason }) : (s.reasonText ?? t('sends.reason', { reason: s.reason }))}</p>
              )}
              {/* A publish WeChat refused keeps its draft: the way to mend it. */}
              {s.status === 'failed' && s.kind === 'publish' && s.message.mediaId && (
                <p class="send-item__links">
                  <a href={href('/draft', { appid, mediaId: s.message.mediaId })}>{t('sends.editDraft', { what: what(s) })}</a>
                </p>
              )}
              {s.warnings?.map((w) => (
                <p class="muted small" key={w}>
                  {t(`sends.warning.${w}`)}
                </p>
              ))}
              {waitsForApproval(s) && (
                <p class="muted small">{t('sends.waitingApproval')}</p>
              )}
              {waitsForApproval(s) && mayApprove && (
                <div class="actions">
                  <button type="button" class="button button--small" aria-label={t('sends.approveNamed', { what: what(s) })} onClick={() => void decide(s, true)}>
                    {t('sends.approve')}
                  </button>
                  <button type="button" class="button button--small button--ghost" aria-label={t('sends.rejectNamed', { what: what(s) })} onClick={() => void decide(s, false)}>
                    {t('sends.reject')}
                  </button>
                </div>
              )}
              {s.status === 'scheduled' && (
                <div class="actions">
                  <button type="button" class="button button--small button--danger" aria-label={t('sends.cancelNamed', { what: what(s) })} onClick={() => setCancelling(s)}>
                    {t('sends.cancel')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <p>
          <button type="button" class="button button--ghost" onClick={() => void list.more()}>
            {t('sends.more')}
          </button>
        </p>
      )}
      <ConfirmDialog
        open={cancelling !== undefined}
        message={cancelling ? t('sends.cancelConfirm', { what: what(cancelling), time: cancelling.sendAt ? beijingTime(cancelling.sendAt) : '' }) : ''}
        confirmLabel={t('sends.cancelConfirmButton')}
        onConfirm={() => void cancel()}
        onCancel={() => setCancelling(undefined)}
      />
    </div>
  );
};
