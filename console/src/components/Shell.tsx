import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import type { AccountSummary, Output } from '../contract';
import { t } from '../i18n';
import { followerPanelUrl } from '../local';
import { useLogo } from '../logo';
import { navGroups, pages } from '../pages';
import { confirmLeaving, href, navigate } from '../router';
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
  const navId = useId();
  // Locally only: the simulator's page where one acts as a follower of the accounts.
  const followerPanel = followerPanelUrl();
  // The map, grouped as WeChat's back office (首页, 内容, 互动, 用户, 数据, 设置与开发); a group
  // without pages is not shown. Adding an account sits with the settings.
  const groups = navGroups
    .map((group) => ({
      group,
      links: [
        ...Object.entries(pages)
          .filter(([, p]) => p.nav === group)
          .map(([path, p]) => ({ path, title: t(p.title) })),
        ...(group === 'settings' ? [{ path: '/authorize', title: t('nav.authorize') }] : []),
      ],
    }))
    .filter((g) => g.links.length > 0);
  const currentTitle = groups.flatMap((g) => g.links).find((l) => l.path === props.path)?.title;
  // On a phone the map folds behind one 菜单 button; it folds again once a page is picked.
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [props.path]);
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
            <select id={orgSwitcherId} value={props.organization?.orgId ?? ''} onChange={(e) => {
                const select = e.target as HTMLSelectElement;
                if (!confirmLeaving()) return void (select.value = props.organization?.orgId ?? '');
                props.onSwitchOrganization(select.value);
              }}>
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
            <select id={switcherId} value={appid ?? ''} onChange={(e) => {
                const select = e.target as HTMLSelectElement;
                // An editor's unsaved changes belong to the account they were made for: ask first.
                if (!confirmLeaving()) return void (select.value = appid ?? '');
                navigate(props.path === '/authorize' ? '/replies' : props.path, { appid: select.value });
              }}>
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
      <nav class={`shell__nav${open ? ' shell__nav--open' : ''}`} aria-label={t('nav.label')} onKeyDown={(e) => e.key === 'Escape' && open && setOpen(false)}>
        <button type="button" class="shell__menu" aria-expanded={open} aria-controls={navId} onClick={() => setOpen(!open)}>
          <span class="shell__menu-icon" aria-hidden="true" />
          <span>{t('shell.menu')}</span>
          {currentTitle && <span class="shell__menu-current">{currentTitle}</span>}
        </button>
        <div class="nav-groups" id={navId}>
          {groups.map(({ group, links }) => (
            <section class="nav-group" key={group} aria-labelledby={`${navId}-${group}`}>
              <h2 class="nav-group__title" id={`${navId}-${group}`}>
                {t(`navGroup.${group}`)}
              </h2>
              <ul>
                {links.map((link) => (
                  <li key={link.path}>
                    <a href={href(link.path, { appid })} aria-current={props.path === link.path ? 'page' : undefined}>
                      {link.title}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </nav>
      <main id="main" class="shell__main" tabIndex={-1}>
        {props.children}
        {followerPanel && (
          <footer class="shell__footer">
            <a href={followerPanel} target="_blank" rel="noopener">
              {t('shell.followerPanel')}
            </a>
          </footer>
        )}
      </main>
      <Toasts />
    </div>
  );
};
