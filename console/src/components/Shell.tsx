import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { AccountSummary, Output } from '../contract';
import { t } from '../i18n';
import { useLogo } from '../logo';
import { pages } from '../pages';
import { href, navigate } from '../router';
import { LanguageSwitch } from './LanguageSwitch';
import { Toasts } from './Toast';

/** The back office: header (logo, account switcher, language, logout), navigation, the page. */
export const Shell = (props: {
  profile: Output<'user.me'>;
  account: AccountSummary | undefined;
  path: string;
  organizations: Output<'team.organizations'>['organizations'];
  organization: Output<'team.organizations'>['organizations'][number] | undefined;
  onSwitchOrganization: (orgId: string) => void;
  onLogout: () => void;
  children: ComponentChildren;
}) => {
  const switcherId = useId();
  const orgSwitcherId = useId();
  const logo = useLogo(props.profile.user.logoUrl);
  const appid = props.account?.appid;
  const nav = Object.entries(pages).filter(([, p]) => p.nav);
  // On a phone the navigation is one scrolling row: bring the current page's tab into view
  // (the later pages' tabs were off the right edge, the current one among them).
  const navList = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const list = navList.current;
    const current = list?.querySelector('[aria-current="page"]');
    if (!list || !current || list.scrollWidth <= list.clientWidth) return;
    const [box, tab] = [list.getBoundingClientRect(), current.getBoundingClientRect()];
    list.scrollLeft += tab.left - box.left - (box.width - tab.width) / 2;
  }, [props.path]);
  return (
    <div class="shell">
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('app.skip')}
      </a>
      <header class="shell__header">
        <span class="brand">
          <img src={logo ?? '/favicon.svg'} alt="" width="28" height="28" />
          <span class="brand__name">socialinzen</span>
        </span>
        {props.organizations.length > 1 ? (
          <span class="switcher switcher--org">
            <label for={orgSwitcherId}>{t('shell.organization')}</label>
            <select id={orgSwitcherId} value={props.organization?.orgId ?? ''} onChange={(e) => props.onSwitchOrganization((e.target as HTMLSelectElement).value)}>
              {props.organizations.map((o) => (
                <option value={o.orgId} key={o.orgId}>
                  {o.name} · {t(`role.${o.role}`)}
                </option>
              ))}
            </select>
          </span>
        ) : (
          props.organization && (
            <span class="switcher switcher--org">
              <span>{t('shell.organization')}</span> <strong>{props.organization.name}</strong>
            </span>
          )
        )}
        {props.profile.accounts.length > 0 && (
          <span class="switcher">
            <label for={switcherId}>{t('shell.account')}</label>
            <select id={switcherId} value={appid ?? ''} onChange={(e) => navigate(props.path === '/authorize' ? '/replies' : props.path, { appid: (e.target as HTMLSelectElement).value })}>
              {props.profile.accounts.map((a) => (
                <option value={a.appid} key={a.appid}>
                  {a.needsReauthorization ? t('shell.accountNeedsReauthorization', { name: a.nickname || a.appid }) : a.nickname || a.appid}
                </option>
              ))}
            </select>
          </span>
        )}
        <span class="shell__tools">
          <LanguageSwitch />
          <span class="shell__user">{props.profile.user.username}</span>
          <button type="button" class="button button--ghost" onClick={props.onLogout}>
            {t('shell.logout')}
          </button>
        </span>
      </header>
      <nav class="shell__nav" aria-label={t('nav.label')}>
        <ul ref={navList}>
          {nav.map(([path, p]) => (
            <li key={path}>
              <a href={href(path, { appid })} aria-current={props.path === path ? 'page' : undefined}>
                {t(p.title)}
              </a>
            </li>
          ))}
          <li>
            <a href={href('/authorize', { appid })} aria-current={props.path === '/authorize' ? 'page' : undefined}>
              {t('nav.authorize')}
            </a>
          </li>
        </ul>
      </nav>
      <main id="main" class="shell__main" tabIndex={-1}>
        {props.children}
      </main>
      <Toasts />
    </div>
  );
};
