import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { Alert } from '../components/Toast';
import { t } from '../i18n';
import { href, navigate } from '../router';
import { readSession, saveOrg } from '../session';
import type { PageProps } from './types';

/**
 * Where the invitation mail's link lands (`#/invite?token=`). Signed in: accept it and work in the
 * organization joined. Not signed in: register through it (the register page takes the token), or
 * log in and open the link again.
 */
export const InvitePage = ({ params, reloadProfile }: PageProps) => {
  const token = params.get('token') ?? '';
  const signedIn = readSession() !== undefined;
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!signedIn || !token) return;
    call('team.accept', { token })
      .then(async ({ organization }) => {
        saveOrg(organization.orgId);
        await reloadProfile();
        navigate('/replies', { joined: 1 });
      })
      .catch((e: Error) => setError(e.message));
  }, [token]);

  return (
    <div class="auth-card">
      <h1>{t('invite.title')}</h1>
      {error ? <Alert kind="error">{error}</Alert> : signedIn ? <p class="loading">{t('invite.accepting')}</p> : <p>{t('invite.needLogin')}</p>}
      {!signedIn && (
        <p>
          <a class="button button--primary button--block" href={href('/register', { invitation: token })}>
            {t('invite.register')}
          </a>
        </p>
      )}
      {!signedIn && (
        <p class="auth-card__switch">
          <a href={href('/login')}>{t('invite.login')}</a>
        </p>
      )}
    </div>
  );
};
