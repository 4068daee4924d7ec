import { useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { Alert } from '../components/Toast';
import { t } from '../i18n';
import type { PageProps } from './types';

/** The mail's 不是我 link (`#/transfer/cancel?appid&token`): one click cancels the pending AppSecret transfer. No login needed: the token is the proof. */
export const TransferCancelPage = ({ params }: PageProps) => {
  const appid = params.get('appid') ?? '';
  const token = params.get('token') ?? '';
  const [result, setResult] = useState<'done' | 'gone' | string>();
  const [busy, setBusy] = useState(false);

  const notMe = async () => {
    setBusy(true);
    try {
      await call('accounts.cancelTransfer', { appid, token });
      setResult('done');
    } catch (e) {
      setResult(e instanceof ApiError && e.errcode === 40400 ? 'gone' : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page page--narrow">
      <h1>{t('transferCancel.title')}</h1>
      <section class="card" data-testid="transfer-cancel">
        <p>{t('transferCancel.intro', { appid })}</p>
        {result === 'done' ? (
          <Alert kind="success">{t('transferCancel.done')}</Alert>
        ) : result === 'gone' ? (
          <Alert kind="error">{t('transferCancel.gone')}</Alert>
        ) : (
          <>
            {result && <Alert kind="error">{result}</Alert>}
            <p>{t('transferCancel.question')}</p>
            <button type="button" class="button button--danger" disabled={busy || !appid || !token} onClick={notMe}>
              {t('transferCancel.notMe')}
            </button>
          </>
        )}
      </section>
    </div>
  );
};
