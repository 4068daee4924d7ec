import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import type { Output } from '../contract';
import { Alert } from '../components/Toast';
import { language, t } from '../i18n';
import { href } from '../router';
import { pages } from './index';
import type { PageProps } from './types';

type Home = Output<'accounts.home'>;
type HomeAccount = Home['accounts'][number];
type Count = NonNullable<HomeAccount['unhandled']>;

/** Where a failed send is looked at: the content area's history (发表记录), once that page exists. */
const sendsPath = '/sends';

const shown = (count: Count) => (count.capped ? t('home.atLeast', { count: count.count }) : String(count.count));

/** One number with the page where it is handled, or what to do when there is nothing. */
const Tile = (props: { label: string; count: Count | undefined; link?: { path: string; text: string; params?: Record<string, string> }; empty: string; appid: string; urgent?: boolean }) => {
  const n = props.count?.count ?? 0;
  return (
    <section class={`home-tile${props.urgent && n > 0 ? ' home-tile--urgent' : ''}`} aria-label={props.label}>
      <h3 class="home-tile__label">{props.label}</h3>
      <p class="home-tile__number">{props.count ? shown(props.count) : '–'}</p>
      {n > 0 && props.link ? (
        <a class="home-tile__link" href={href(props.link.path, { appid: props.appid, ...props.link.params })}>
          {props.link.text}
        </a>
      ) : (
        <p class="home-tile__empty muted small">{props.empty}</p>
      )}
    </section>
  );
};

const AccountNumbers = ({ account, multiple }: { account: HomeAccount; multiple: boolean }) => (
  <section class="home-account">
    {multiple && <h2 class="home-account__name">{account.nickname || account.appid}</h2>}
    <div class="home-tiles">
      <Tile label={t('home.newFollowers')} count={account.newFollowers} appid={account.appid} link={{ path: '/followers', text: t('home.toFollowers') }} empty={t('home.noFollowers')} />
      <Tile label={t('home.unhandled')} count={account.unhandled} appid={account.appid} link={{ path: '/inbox', text: t('home.toInbox') }} empty={t('home.noUnhandled')} urgent />
      <Tile
        label={t('home.failedSends')}
        count={account.failedSends}
        appid={account.appid}
        {...(pages[sendsPath] ? { link: { path: sendsPath, text: t('home.toSends'), params: { status: 'failed' } } } : {})}
        empty={t('home.noFailedSends')}
        urgent
      />
    </div>
  </section>
);

/** 首页: what happened since yesterday, and what needs the operator (issue 23 item 7). */
export const HomePage = (_props: PageProps) => {
  const [home, setHome] = useState<Home>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    call('accounts.home', {})
      .then(setHome)
      .catch((e: Error) => setError(e.message));
  }, []);
  const reauthorize = home?.accounts.filter((a) => a.needsReauthorization) ?? [];
  const working = home?.accounts.filter((a) => a.status === 'authorized' && !a.needsReauthorization) ?? [];
  const since = home ? new Date(home.since).toLocaleDateString(language(), { month: 'long', day: 'numeric' }) : '';
  return (
    <div class="page">
      <h1>{t('home.title')}</h1>
      {error && <Alert kind="error">{error}</Alert>}
      {home && home.accounts.length === 0 && (
        <div class="card home-empty">
          <p>{t('home.noAccount')}</p>
          <a class="button button--primary" href={href('/authorize', {})}>
            {t('home.addAccount')}
          </a>
        </div>
      )}
      {home && home.accounts.length > 0 && (
        <>
          <section class="home-needs" aria-labelledby="home-needs">
            <h2 id="home-needs">{t('home.needsMe')}</h2>
            {reauthorize.length === 0 && !working.some((a) => (a.unhandled?.count ?? 0) + (a.failedSends?.count ?? 0) > 0) && <p class="muted">{t('home.allGood')}</p>}
            {reauthorize.map((a) => (
              <div class="alert alert--warning home-reauthorize" key={a.appid}>
                <span>{t('home.reauthorize', { name: a.nickname || a.appid })}</span>
                <a class="button button--primary" href={href('/authorize', { appid: a.appid })}>
                  {t('home.reauthorizeAction')}
                </a>
              </div>
            ))}
          </section>
          <p class="muted small">{t('home.since', { since })}</p>
          {working.map((a) => (
            <AccountNumbers account={a} multiple={home.accounts.length > 1} key={a.appid} />
          ))}
          {home.more && <p class="muted small">{t('home.more')}</p>}
        </>
      )}
    </div>
  );
};
