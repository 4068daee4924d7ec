import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import type { Output } from '../contract';
import { t, type MessageKey } from '../i18n';
import { replyOf, summarize } from '../rules';
import type { Rule } from '../contract';
import { toast } from './Toast';

type Plan = Output<'replies.importAutoreply'>;
type Item = Plan['items'][number];
type Note = Item['notes'][number];

const typeWord = (type: string | undefined) => {
  const key = `replies.import.type.${type ?? ''}`;
  return ['img', 'image', 'voice', 'video', 'news', 'text'].includes(type ?? '') ? t(key as MessageKey) : (type ?? '');
};
const noteText = (note: Note) => t(`replies.import.note.${note.code}`, { type: typeWord(note.type), kept: note.kept ?? '', of: note.of ?? '' });
const sourceText = (item: Item) =>
  item.from === 'keyword' ? t('replies.import.from.keyword', { name: item.ruleName ?? item.keyword }) : t(`replies.import.from.${item.from}`);

/**
 * The auto-replies set in WeChat's own editor (mp.weixin.qq.com), offered for import, never forced:
 * on an account without rules the offer shows by itself (WeChat switches those replies off once
 * server mode is on); otherwise from the toolbar's button. What each one becomes, or why it cannot
 * be imported, is shown before anything is written.
 */
export const AutoreplyImport = (props: { appid: string; offerWhenEmpty: boolean; onImported: () => void }) => {
  const [plan, setPlan] = useState<Plan>();
  const [offer, setOffer] = useState<number>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const preview = () =>
    call('replies.importAutoreply', { appid: props.appid, mode: 'preview' }).then((p) => {
      setPlan(p);
      return p;
    });
  useEffect(() => {
    setPlan(undefined);
    setOffer(undefined);
    setOpen(false);
  }, [props.appid]);
  useEffect(() => {
    if (!props.offerWhenEmpty) return;
    preview()
      .then((p) => setOffer(p.items.filter((i) => i.status === 'new').length))
      .catch(() => undefined);
  }, [props.appid, props.offerWhenEmpty]);

  const show = async () => {
    setError(undefined);
    setOpen(true);
    await preview().catch((e: Error) => setError(e.message));
  };
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const done = await call('replies.importAutoreply', { appid: props.appid, mode: 'import' });
      setPlan(done);
      setOffer(undefined);
      toast(t('replies.import.done', { count: done.imported }));
      props.onImported();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const toImport = plan?.items.filter((i) => i.status === 'new').length ?? 0;

  return (
    <>
      <div class="actions">
        <button type="button" class="button button--ghost" onClick={() => void show()}>
          {t('replies.import.open')}
        </button>
      </div>
      {!open && offer !== undefined && offer > 0 && (
        <p class="alert alert--info" role="status">
          {t('replies.import.found', { count: offer })}{' '}
          <button type="button" class="button button--small" onClick={() => void show()}>
            {t('replies.import.open')}
          </button>
        </p>
      )}
      {open && (
        <section class="card" aria-labelledby="import-title">
          <h2 id="import-title">{t('replies.import.title')}</h2>
          <p class="muted">{t('replies.import.serverMode')}</p>
          {error && (
            <p class="alert alert--error" role="alert">
              {error}
            </p>
          )}
          {plan === undefined && !error ? (
            <p class="loading">{t('common.loading')}</p>
          ) : plan && plan.items.length === 0 ? (
            <p>{t('replies.import.none')}</p>
          ) : (
            <ul class="import-list">
              {plan?.items.map((item, i) => (
                <li key={`${i}-${item.keyword}`}>
                  <span class={`badge import-status--${item.status}`}>{t(`replies.import.status.${item.status}`)}</span>
                  <strong>{sourceText(item)}</strong> <code>{item.keyword}</code> <span class="muted">{t(`match.${item.match}`)}</span>
                  {item.reply && item.type && <span class="clamp"> — {summarize(replyOf({ type: item.type, reply: item.reply, request: item.keyword, match: item.match } as Rule))}</span>}
                  {item.notes.length > 0 && (
                    <ul class="notes">
                      {item.notes.map((n, j) => (
                        <li key={j}>{noteText(n)}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
          <div class="actions">
            <button type="button" class="button button--primary" disabled={busy || toImport === 0} onClick={() => void run()}>
              {t('replies.import.confirm', { count: toImport })}
            </button>
            <button type="button" class="button button--ghost" onClick={() => setOpen(false)}>
              {t('replies.import.close')}
            </button>
          </div>
        </section>
      )}
    </>
  );
};
