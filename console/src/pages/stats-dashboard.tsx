import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { call } from '../api';
import type { Output } from '../contract';
import { t, type MessageKey } from '../i18n';
import { useMenuNames } from '../menu-names';
import type { PageProps } from './types';

/**
 * The statistics dashboard: followers (new, lost, net, total) as WeChat counted them, messages and
 * the reply hit rate from our own records, the texts no keyword answered (each one click from a
 * keyword rule), menu taps, QR scenes, articles' reads. Every chart has its numbers beside it (a
 * table), and what is shown exports as CSV. Charts fit the card's width, so they work on a phone.
 */
const dayMs = 86_400_000;
const shanghaiDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const ranges = [7, 30, 90] as const;

interface Data {
  overview: Output<'stats.overview'>;
  followers: Output<'stats.followers'>['days'];
  messages: Output<'stats.messages'>['days'];
  unmatched: Output<'stats.unmatched'>['texts'];
  menus: Output<'stats.menus'>['buttons'];
  scenes: Output<'stats.qrcodes'>['scenes'];
  articles: Output<'stats.articles'>['articles'];
}

const LineChart = ({ label, days, series, points }: { label: string; days: string[]; series: { name: string; values: (number | null)[]; color: string }[]; points?: boolean }) => {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const x = days.map((d) => Date.parse(`${d}T00:00:00+08:00`) / 1000);
    const plot = new uPlot(
      {
        width: el.clientWidth || 320,
        height: 200,
        // The legend names the lines only (the numbers are in the table beside the chart); uPlot's own
        // x label ("Time") would be English in a Chinese page.
        legend: { show: true, live: false },
        series: [{ label: t('stats.day') }, ...series.map((s) => ({ label: s.name, stroke: s.color, width: 2, ...(points ? { points: { show: true, size: 6 } } : {}) }))],
        axes: [{ values: (_u: uPlot, ticks: number[]) => ticks.map((v) => shanghaiDay(v * 1000).slice(5)) }, {}],
      },
      [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 320, height: 200 }));
    resize.observe(el);
    return () => (resize.disconnect(), plot.destroy());
  }, [days, series, points]);
  return <div class="stats-chart" ref={box} role="img" aria-label={label} />;
};

const Table = ({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number)[][] }) => (
  <div class="table-scroll">
    <table class="stats-table">
      <caption>{caption}</caption>
      <thead>
        <tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={head.length} class="muted">{t('stats.empty')}</td>
          </tr>
        ) : (
          rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)
        )}
      </tbody>
    </table>
  </div>
);

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export const StatsDashboard = ({ account }: PageProps) => {
  const appid = account!.appid;
  const [days, setDays] = useState<(typeof ranges)[number]>(30);
  const [data, setData] = useState<Data>();
  const [error, setError] = useState<string>();
  const to = shanghaiDay(Date.now() - dayMs);
  const from = shanghaiDay(Date.now() - days * dayMs);

  useEffect(() => {
    const range = { appid, from, to };
    // Our own numbers include today (the stream counts as messages come): the range reaches it for them.
    const withToday = { appid, from, to: shanghaiDay(Date.now()) };
    setError(undefined);
    Promise.all([
      call('stats.overview', withToday),
      call('stats.followers', range),
      call('stats.messages', withToday),
      call('stats.unmatched', { ...withToday, limit: 20 }),
      call('stats.menus', withToday),
      call('stats.qrcodes', withToday),
      call('stats.articles', range),
    ]).then(
      ([overview, followers, messages, unmatched, menus, scenes, articles]) =>
        setData({ overview, followers: followers.days, messages: messages.days, unmatched: unmatched.texts, menus: menus.buttons, scenes: scenes.scenes, articles: articles.articles }),
      (e: Error) => setError(e.message),
    );
  }, [appid, from, to]);
  // Taps by the button's name, as followers saw it; its key when the menu has changed since.
  const buttonNames = useMenuNames(appid, Boolean(data?.menus.length));

  const o = data?.overview;
  const collected = data?.followers.filter((d) => d.collected) ?? [];
  const followerRows = collected.map((d) => [d.day, d.newUser ?? 0, d.cancelUser ?? 0, d.netUser ?? 0, d.cumulateUser ?? 0]);
  // Every day of the range, as the messages chart (a day without pushes has no latency: a gap, '—').
  const latencyDays = data?.messages ?? [];
  const measuredDays = latencyDays.filter((d) => d.latency.count > 0).length;
  const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : t('stats.ms', { ms: value }));
  const messageRows = (data?.messages ?? []).map((d) => [d.day, d.messages, d.events, d.keywordHits, d.unmatched]);
  const sections: { title: MessageKey; head: MessageKey[]; rows: (string | number)[][] }[] = [
    { title: 'stats.followers', head: ['stats.day', 'stats.newUser', 'stats.cancelUser', 'stats.netUser', 'stats.cumulateUser'], rows: followerRows },
    { title: 'stats.messages', head: ['stats.day', 'stats.messagesCount', 'stats.events', 'stats.keywordHits', 'stats.unmatched'], rows: messageRows },
    { title: 'stats.unmatchedTitle', head: ['stats.text', 'stats.count'], rows: (data?.unmatched ?? []).map((u) => [u.text, u.count]) },
    { title: 'stats.menus', head: ['stats.button', 'stats.taps'], rows: (data?.menus ?? []).map((b) => [buttonNames?.get(b.key) ?? b.key, b.taps]) },
    { title: 'stats.scenes', head: ['stats.scene', 'stats.scans', 'stats.sceneFollowers'], rows: (data?.scenes ?? []).map((s) => [s.scene, s.scans, s.followers]) },
    { title: 'stats.articles', head: ['stats.publishDate', 'stats.msgid', 'stats.readUser', 'stats.shareUser'], rows: (data?.articles ?? []).map((a) => [a.publishDate, a.msgid, a.readUser, a.shareUser]) },
    {
      title: 'stats.latency',
      head: ['stats.day', 'stats.p50', 'stats.p95', 'stats.requests'],
      rows: latencyDays.map((d) => [d.day, d.latency.p50 ?? '—', d.latency.p95 ?? '—', d.latency.count]),
    },
  ];

  const exportCsv = () => {
    const text = sections.map((s) => [t(s.title), s.head.map((h) => t(h)).map(csvCell).join(','), ...s.rows.map((r) => r.map(csvCell).join(','))].join('\n')).join('\n\n');
    const url = URL.createObjectURL(new Blob([`\ufeff${text}\n`], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `stats-${appid}-${from}-${to}.csv`;
    // In the document: a detached link's click downloads nothing in some mobile browsers.
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const why = o?.collection.reason ? t(`stats.why.${o.collection.reason}` as MessageKey) : o?.collection.state === 'pending' ? t('stats.why.pending') : undefined;
  const section = (i: number) => sections[i]!;
  const tableOf = (i: number) => <Table caption={t(section(i).title)} head={section(i).head.map((h) => t(h))} rows={section(i).rows} />;
  // A chart's day-by-day numbers, folded under it: a month of rows under each chart made the page
  // metres long on a phone. The chart's title names the table; CSV has them all.
  const daysOf = (i: number) => (
    <details class="stats-days">
      <summary>{t('stats.dailyNumbers', { days: section(i).rows.length })}</summary>
      {tableOf(i)}
    </details>
  );

  return (
    <div class="page stats">
      <h1>{t('stats.title')}</h1>
      <div class="toolbar">
        <div class="segmented" role="group" aria-label={t('stats.range')}>
          {ranges.map((n) => (
            <button key={n} type="button" class={`button ${n === days ? 'button--primary' : 'button--ghost'}`} aria-pressed={n === days} onClick={() => setDays(n)}>
              {t('stats.lastDays', { days: n })}
            </button>
          ))}
        </div>
        <button type="button" class="button button--ghost" onClick={exportCsv} disabled={!data}>
          {t('stats.exportCsv')}
        </button>
      </div>
      {error && <p class="form-error" role="alert">{error}</p>}
      {why && <p class="notice" role="note">{why}</p>}
      {o && (
        <dl class="stats-tiles">
          <div><dt>{t('stats.newUser')}</dt><dd>{o.followers.newUser}</dd></div>
          <div><dt>{t('stats.cancelUser')}</dt><dd>{o.followers.cancelUser}</dd></div>
          <div><dt>{t('stats.netUser')}</dt><dd>{o.followers.netUser}</dd></div>
          <div><dt>{t('stats.cumulateUser')}</dt><dd>{o.followers.cumulateUser ?? '—'}</dd></div>
          <div><dt>{t('stats.messagesCount')}</dt><dd>{o.messages.messages}</dd></div>
          <div><dt>{t('stats.hitRate')}</dt><dd>{o.messages.hitRate === null ? '—' : `${Math.round(o.messages.hitRate * 1000) / 10}%`}</dd></div>
        </dl>
      )}
      {data && (
        <>
          <section class="card" aria-labelledby="stats-followers">
            <h2 id="stats-followers">{t('stats.followers')}</h2>
            {collected.length > 0 && (
              <LineChart
                label={t('stats.followers')}
                days={collected.map((d) => d.day)}
                series={[
                  { name: t('stats.newUser'), values: collected.map((d) => d.newUser ?? null), color: '#07c160' },
                  { name: t('stats.cancelUser'), values: collected.map((d) => d.cancelUser ?? null), color: '#fa5151' },
                  { name: t('stats.netUser'), values: collected.map((d) => d.netUser ?? null), color: '#10aeff' },
                ]}
              />
            )}
            {daysOf(0)}
          </section>
          <section class="card" aria-labelledby="stats-messages">
            <h2 id="stats-messages">{t('stats.messages')}</h2>
            <LineChart
              label={t('stats.messages')}
              days={data.messages.map((d) => d.day)}
              series={[
                { name: t('stats.messagesCount'), values: data.messages.map((d) => d.messages), color: '#07c160' },
                { name: t('stats.unmatched'), values: data.messages.map((d) => d.unmatched), color: '#fa9d3b' },
              ]}
            />
            {daysOf(1)}
          </section>
          <section class="card" aria-labelledby="stats-unmatched">
            <h2 id="stats-unmatched">{t('stats.unmatchedTitle')}</h2>
            <p class="muted">{t('stats.unmatchedHint')}</p>
            <ol class="stats-unmatched">
              {data.unmatched.map((u) => (
                <li key={u.text}>
                  <span class="stats-unmatched__text">{u.text}</span>
                  <span class="stats-unmatched__count">{t('stats.times', { count: u.count })}</span>
                  <a class="button button--ghost" href={`#/rule?prefill=${encodeURIComponent(u.text)}`}>{t('stats.makeRule')}</a>
                </li>
              ))}
            </ol>
            {data.unmatched.length === 0 && <p class="muted">{t('stats.empty')}</p>}
          </section>
          <section class="card" aria-labelledby="stats-menus">
            <h2 id="stats-menus">{t('stats.menus')}</h2>
            {tableOf(3)}
          </section>
          <section class="card" aria-labelledby="stats-scenes">
            <h2 id="stats-scenes">{t('stats.scenes')}</h2>
            {tableOf(4)}
          </section>
          <section class="card" aria-labelledby="stats-articles">
            <h2 id="stats-articles">{t('stats.articles')}</h2>
            {tableOf(5)}
          </section>
          <section class="card" aria-labelledby="stats-latency">
            <h2 id="stats-latency">{t('stats.latency')}</h2>
            <p class="muted">{t('stats.latencyHint')}</p>
            {o && (
              <dl class="stats-tiles">
                <div><dt>{t('stats.p50')}</dt><dd>{ms(o.latency.p50)}</dd></div>
                <div><dt>{t('stats.p95')}</dt><dd>{ms(o.latency.p95)}</dd></div>
                <div><dt>{t('stats.requests')}</dt><dd>{o.latency.count}</dd></div>
              </dl>
            )}
            {measuredDays > 0 && (
              <LineChart
                label={t('stats.latency')}
                // Days without pushes are gaps: a lone measured day is a point, not a line.
                points
                days={latencyDays.map((d) => d.day)}
                series={[
                  { name: t('stats.p50'), values: latencyDays.map((d) => d.latency.p50), color: '#07c160' },
                  { name: t('stats.p95'), values: latencyDays.map((d) => d.latency.p95), color: '#fa9d3b' },
                ]}
              />
            )}
            {daysOf(6)}
          </section>
        </>
      )}
    </div>
  );
};
