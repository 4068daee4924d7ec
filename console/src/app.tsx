import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, whenSessionExpires } from './api';
import type { Output } from './contract';
import { LanguageSwitch } from './components/LanguageSwitch';
import { Shell } from './components/Shell';
import { Toasts, toast } from './components/Toast';
import { t, useLanguage } from './i18n';
import { homePath, pages } from './pages';
import { currentLocation, navigate, useLocation } from './router';
import { clearSession, readOrg, readSession, saveOrg } from './session';

/**
 * The seed's flow: a cached, valid session skips login; an authorized account skips
 * authorization; otherwise login → authorization → back office. The API's redirects land on
 * `/?verified=1` (e-mail verified) and `/?authorized=<appid>` (WeChat authorization done).
 */
const accountKey = 'socialinzen.appid';

type Organization = Output<'team.organizations'>['organizations'][number];

const landingParams = (): Record<string, string> => {
  const search = new URLSearchParams(window.location.search);
  const found: Record<string, string> = {};
  for (const name of ['verified', 'authorized']) {
    const value = search.get(name);
    if (value) found[name] = value;
  }
  // Clean the query off the URL before the first render; a verified e-mail lands on login.
  if (found['verified']) history.replaceState(null, '', '/#/login?verified=1');
  else if (Object.keys(found).length) history.replaceState(null, '', `/${window.location.hash}`);
  return found;
};

/** Read once, before the first render reads the location. */
const landing = landingParams();

export const App = () => {
  useLanguage();
  const location = useLocation();
  const [profile, setProfile] = useState<Output<'user.me'>>();
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const [loadError, setLoadError] = useState<string>();

  const loadProfile = useCallback(async () => {
    try {
      // The organization first: the one picked last if the user still belongs to it, else the session's own.
      const { organizations: list } = await call('team.organizations', {});
      const picked = list.find((o) => o.orgId === readOrg()) ?? list.find((o) => o.default) ?? list[0];
      saveOrg(picked?.orgId);
      setOrganizations(list);
      setProfile(await call('user.me', {}));
      setLoadError(undefined);
    } catch (error) {
      if (!(error instanceof ApiError && error.errcode === 40100)) setLoadError((error as Error).message);
    }
  }, []);

  /** Set from the logout click until login: the page's own requests still under way then meet 40100, which is no expiry. */
  const loggingOut = useRef(false);

  const logout = useCallback(async (note: 'expired' | 'loggedOut') => {
    clearSession();
    setProfile(undefined);
    navigate('/login', { [note]: 1 });
  }, []);

  useEffect(() => {
    whenSessionExpires(() => {
      if (!loggingOut.current && readSession()) void logout('expired');
    });
    if (readSession()) void loadProfile();
  }, []);

  const page = pages[location.path];
  const session = readSession();

  // Routing decisions (effects, so a render never navigates).
  useEffect(() => {
    // A session again (a new login): an expiry means expiry again.
    if (session) loggingOut.current = false;
    if (!page) return navigate(session ? homePath : '/login', {}, { replace: true });
    if (page.access === 'public') {
      if (session && location.path === '/login' && !location.params.get('expired')) navigate(homePath, {}, { replace: true });
      return;
    }
    if (!session) {
      // Already on the way to a public page (logout, expiry): let that navigation stand.
      if (pages[currentLocation().path]?.access === 'public') return;
      return navigate('/login', readSessionWasSet() ? { expired: 1 } : {}, { replace: true });
    }
    if (!profile) return;
    if (page.access === 'account') {
      if (profile.accounts.length === 0) return navigate('/authorize', {}, { replace: true });
      const wanted = location.params.get('appid') ?? landing['authorized'] ?? localStorage.getItem(accountKey);
      const chosen = profile.accounts.find((a) => a.appid === wanted) ?? profile.accounts[0]!;
      if (location.params.get('appid') !== chosen.appid) {
        navigate(location.path, { ...Object.fromEntries(location.params), appid: chosen.appid }, { replace: true });
      }
      localStorage.setItem(accountKey, chosen.appid);
    }
  }, [location, profile, page]);

  useEffect(() => {
    if (landing['authorized'] && profile?.accounts.some((a) => a.appid === landing['authorized'])) {
      toast(t('authorize.done', { appid: landing['authorized'] }));
    }
  }, [profile]);

  useEffect(() => {
    document.title = page ? `${t(page.title)} · socialinzen` : 'socialinzen';
  });

  if (!page) return null;
  const props = {
    params: location.params,
    profile,
    reloadProfile: loadProfile,
    onLogin: () => {
      void loadProfile().then(() => navigate(homePath));
    },
  };
  if (page.access === 'public') {
    return (
      <div class="public">
        <PublicHeader />
        <main id="main" class="public__main">
          <page.component {...props} />
        </main>
        <Toasts />
      </div>
    );
  }
  if (!session) return null;
  if (!profile) return <p class="loading">{loadError ? t('common.error', { msg: loadError }) : t('common.loading')}</p>;
  const account = profile.accounts.find((a) => a.appid === location.params.get('appid'));
  if (page.access === 'account' && !account) return null;
  const organization = organizations.find((o) => o.orgId === readOrg());
  const switchOrganization = (orgId: string) => {
    saveOrg(orgId);
    localStorage.removeItem(accountKey);
    setProfile(undefined);
    void loadProfile().then(() => navigate(homePath, {}, { replace: true }));
  };
  return (
    <Shell profile={profile} account={account} path={location.path} organizations={organizations} organization={organization} onSwitchOrganization={switchOrganization} onLogout={() => {
        loggingOut.current = true;
        void call('user.logout', {})
          .catch(() => undefined)
          .then(() => logout('loggedOut'));
      }}>
      <page.component key={[location.path, account?.appid, organization?.orgId, ...(page.identity ?? []).map((name) => location.params.get(name))].join('|')} {...props} account={account} organization={organization} />
    </Shell>
  );
};

/** True when this browser held a session that is now gone (expired), so login can say so. */
const readSessionWasSet = (): boolean => localStorage.getItem('socialinzen.session') !== null;

const PublicHeader = () => {
  return (
    <header class="public__header">
      <span class="brand">
        <img src="/favicon.svg" alt="" width="28" height="28" />
        {t('app.name')}
      </span>
      <LanguageSwitch />
    </header>
  );
};
