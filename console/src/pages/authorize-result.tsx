import { Alert } from '../components/Toast';
import { t, type MessageKey } from '../i18n';
import { href } from '../router';
import { readSession } from '../session';
import type { PageProps } from './types';

const reasons = ['cancelled', 'used', 'unconfirmed', 'elsewhere', 'wechat', 'busy', 'failed'] as const;

/**
 * Where the way back from WeChat's authorization page lands when it linked no account
 * (`#/authorize-result?reason=`, set by the API): what happened, and the way on.
 */
export const AuthorizeResultPage = ({ params }: PageProps) => {
  const given = params.get('reason');
  const reason = reasons.find((r) => r === given) ?? 'failed';
  const signedIn = readSession() !== undefined;
  return (
    <div class="auth-card">
      <h1>{t('authorizeResult.title')}</h1>
      <Alert kind={reason === 'used' ? 'info' : 'error'}>{t(`authorizeResult.${reason}` as MessageKey)}</Alert>
      <p>
        <a class="button button--primary button--block" href={href(signedIn ? '/authorize' : '/login')}>
          {signedIn ? t('authorizeResult.again') : t('authorizeResult.toLogin')}
        </a>
      </p>
      {signedIn && (
        <p class="auth-card__switch">
          <a href={href('/replies')}>{t('authorizeResult.toConsole')}</a>
        </p>
      )}
    </div>
  );
};
