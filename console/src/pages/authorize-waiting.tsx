import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import type { Output } from '../contract';
import { Field } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import { t } from '../i18n';
import { navigate } from '../router';
import { homePath } from './index';

type LinkStatus = Output<'component.authStatus'>;

/** Polled this often while WeChat's push is awaited; after `longAfterMs` the page says what to do. */
const pollMs = 2000;
const longAfterMs = 3 * 60_000;

/**
 * An authorization started in this session, until it ends: polls component.authStatus (the push may
 * trail the browser by minutes), takes the phone's confirmation code when a phone came back, and
 * goes to the account's settings once linked.
 */
export const LinkWaiting = ({ state, initial, reloadProfile }: { state: string; initial?: LinkStatus | undefined; reloadProfile: () => Promise<void> }) => {
  const [status, setStatus] = useState<LinkStatus | undefined>(initial);
  const [error, setError] = useState<string>();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const [long, setLong] = useState(false);

  const finish = async (answer: LinkStatus) => {
    setStatus(answer);
    if (answer.status !== 'linked') return;
    const name = answer.nickname || answer.appid || '';
    toast(t(answer.moved ? 'authorize.moved' : 'authorize.linked', { name }));
    await reloadProfile();
    navigate(homePath, { appid: answer.appid });
  };

  useEffect(() => {
    if (initial?.status === 'linked') void finish(initial);
    let stopped = false;
    const started = Date.now();
    const timer = setInterval(async () => {
      if (Date.now() - started > longAfterMs) setLong(true);
      try {
        const answer = await call('component.authStatus', { state });
        if (!stopped) await finish(answer);
        if (['linked', 'refused', 'failed'].includes(answer.status)) clearInterval(timer);
      } catch (e) {
        if (!stopped) setError((e as Error).message);
        clearInterval(timer);
      }
    }, pollMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [state]);

  const confirm = async (e: Event) => {
    e.preventDefault();
    setCodeError(undefined);
    try {
      await finish(await call('component.authComplete', { state, confirmCode: code.trim() }));
    } catch (err) {
      setCodeError(err instanceof ApiError ? err.detail : (err as Error).message);
    }
  };

  const restart = () => navigate('/authorize', {}, { replace: true });
  if (error) return <Alert kind="error">{error}</Alert>;
  if (status?.status === 'refused' || status?.status === 'failed') {
    return (
      <div data-testid="link-ended">
        <Alert kind="error">{t(status.status === 'refused' ? 'authorize.refused' : 'authorize.failed', { reason: status.reason ?? '' })}</Alert>
        <button type="button" class="button button--primary" onClick={restart}>
          {t('authorize.restart')}
        </button>
      </div>
    );
  }
  if (status?.status === 'phone') {
    return (
      <form class="card" onSubmit={confirm} noValidate data-testid="link-phone">
        <p>{t('authorize.phoneBack')}</p>
        <Field label={t('authorize.confirmCode')} name="confirmCode" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onValue={setCode} error={codeError} />
        <button type="submit" class="button button--primary">
          {t('authorize.confirm')}
        </button>
      </form>
    );
  }
  if (status?.status === 'waiting') {
    return (
      <section class="card" role="status" data-testid="link-waiting">
        <h2>{t('authorize.waiting')}</h2>
        <p>{t('authorize.waitingHint')}</p>
        {long && <p class="muted">{t('authorize.waitingLong')}</p>}
      </section>
    );
  }
  return null;
};
