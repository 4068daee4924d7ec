import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../../../src/core/messages/texts';
import { call } from '../api';
import { Alert } from '../components/Toast';
import type { Output } from '../contract';
import { language, t } from '../i18n';
import { beijingTime } from '../publishing';

type Status = Output<'audience.syncStatus'>['status'];

/** A directory older than this asks for a sync (the hourly job resyncs a day-old one by itself too). */
const staleAfterMs = 24 * 3600_000;
const pollMs = 1000;

/** Why a run paused or failed, through the error-text table (a rule such as wechatDailyApiQuota). */
const reasonText = (reason: string | undefined) => (reason && describeError(0, { rule: reason }, language())) || t('sync.failedUnknown');

/**
 * The follower directory's sync: a clear action when it is empty or stale; while it runs a
 * progress bar with counts, polled; paused by WeChat's daily quota (45009) says why and when it
 * goes on, with the quota reset for those who may; failed says why and offers to resume.
 */
export const FollowerSync = (props: { appid: string; mayClearQuota: boolean; onFinished: () => void }) => {
  const { appid } = props;
  const [status, setStatus] = useState<Status>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [round, setRound] = useState(0);
  const onFinished = useRef(props.onFinished);
  onFinished.current = props.onFinished;
  // Only a run seen going and then ending reloads the list (not every opening of the page).
  const seenRunning = useRef(false);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const { status } = await call('audience.syncStatus', { appid });
        if (!live) return;
        setStatus(status);
        if (status.state === 'running') seenRunning.current = true;
        else if (seenRunning.current) {
          seenRunning.current = false;
          onFinished.current();
        }
        if (status.state === 'running') timer = setTimeout(() => void poll(), pollMs);
      } catch (e) {
        if (live) setError((e as Error).message);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [appid, round]);

  const start = async (clearQuota = false) => {
    setBusy(true);
    setError(undefined);
    try {
      if (clearQuota) await call('accounts.clearQuota', { appid });
      const answer = await call('audience.sync', { appid });
      setNote(answer.quota && answer.quota.remain < answer.quota.needed ? t('sync.quotaShort', { remain: answer.quota.remain, needed: answer.quota.needed }) : undefined);
      setRound((r) => r + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!status) return error ? <Alert kind="error">{error}</Alert> : null;
  const button = (label: string, primary: boolean, clear = false) => (
    <button type="button" class={`button${primary ? ' button--primary' : ' button--ghost'}`} disabled={busy} onClick={() => void start(clear)}>
      {label}
    </button>
  );
  const stale = status.state === 'done' && Date.now() - Date.parse(status.finishedAt ?? '') > staleAfterMs;
  return (
    <section class="card sync" aria-label={t('sync.progress')} data-state={status.state}>
      {error && <Alert kind="error">{error}</Alert>}
      {note && <Alert kind="info">{note}</Alert>}
      {status.state === 'none' && (
        <>
          <p>{t('sync.never')}</p>
          {button(t('sync.start'), true)}
        </>
      )}
      {status.state === 'running' && (
        <div class="progress" role="status">
          <progress value={status.checked ?? 0} max={Math.max(status.wechatTotal ?? 0, status.checked ?? 0, 1)} aria-label={t('sync.progress')} />
          <span>{t('sync.running', { checked: status.checked ?? 0, total: status.wechatTotal ?? '…', written: status.written ?? 0 })}</span>
        </div>
      )}
      {status.state === 'paused' && (
        <>
          <Alert kind="error">
            {/* A rule's text has no closing mark of its own: the sentence ends before the next one. */}
            {t('sync.paused', { reason: reasonText(status.reason).replace(/[。.]?$/, language() === 'en' ? '.' : '。') })}
            {status.pausedUntil && ` ${t('sync.resumesAt', { time: beijingTime(status.pausedUntil) })}`}
          </Alert>
          <div class="actions">
            {props.mayClearQuota && status.reason === 'wechatDailyApiQuota' && button(t('sync.clearAndResume'), true, true)}
            {button(t('sync.resume'), !props.mayClearQuota)}
          </div>
        </>
      )}
      {status.state === 'failed' && (
        <>
          <Alert kind="error">{t('sync.failed', { reason: reasonText(status.reason) })}</Alert>
          {button(t('sync.resume'), true)}
        </>
      )}
      {status.state === 'done' && (
        <div class="sync__done">
          <p class="muted">
            {t('sync.done', { total: status.wechatTotal ?? status.checked ?? 0, time: beijingTime(status.finishedAt ?? status.updatedAt ?? Date.now()) })}
            {stale && ` ${t('sync.stale')}`}
          </p>
          {button(stale ? t('sync.start') : t('sync.again'), stale)}
        </div>
      )}
    </section>
  );
};
