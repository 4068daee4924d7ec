import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { CopyField } from '../components/CopyField';
import { Field, FormError } from '../components/Field';
import type { Output } from '../contract';
import { useForm } from '../form';
import { t } from '../i18n';
import { qrFileName, qrPng, qrPngAtLeast } from '../qr-image';
import type { PageProps } from './types';

/**
 * Scene QR codes: temporary (expires after the seconds given, ≤ 30 days) or permanent; the scene
 * is an integer when it is all digits, else a string (the API decides, as WeChat's actions do).
 * The picture is drawn here from WeChat's `url` (qr-image.ts), copied or downloaded as PNG.
 */
type Kind = 'temporary' | 'permanent';
interface Made {
  answer: Output<'platform.qrcode'>;
  scene: string;
  kind: Kind;
  image: string;
  createdAt: number;
}

/** Print size: at least 1,280 px wide, enough for a poster at 300 dpi up to about 10 cm. */
const printPixels = 1280;

const download = (blob: Blob, name: string) => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  // In the document: a detached link's click downloads nothing in some mobile browsers.
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/** The codes made here, by scene, with their expiry and what each scene brought (scans, new followers). */
const QrList = ({ appid, version }: { appid: string; version: number }) => {
  const [codes, setCodes] = useState<Output<'platform.listQrcodes'>['qrcodes']>();
  useEffect(() => {
    call('platform.listQrcodes', { appid }).then((r) => setCodes(r.qrcodes), () => setCodes([]));
  }, [appid, version]);
  return (
    <section class="card" aria-labelledby="qr-list">
      <h2 id="qr-list">{t('qr.listTitle')}</h2>
      {codes && codes.length === 0 && <p class="muted">{t('qr.listEmpty')}</p>}
      {codes && codes.length > 0 && (
        <div class="table-scroll">
          <table class="stats-table">
            <thead>
              <tr>
                <th scope="col">{t('qr.scene')}</th>
                <th scope="col">{t('qr.expiresAt')}</th>
                <th scope="col">{t('stats.scans')}</th>
                <th scope="col">{t('stats.sceneFollowers')}</th>
              </tr>
            </thead>
            <tbody>
              {codes.map((c) => (
                <tr key={c.scene}>
                  <td>
                    <code>{c.scene}</code>
                    {/* Under the scene, not in a column of its own: the table stays within a phone's width. */}
                    {c.url && !c.expired && (
                      <button type="button" class="button button--ghost qr-print" onClick={async () => download(await qrPngAtLeast(c.url!, printPixels), qrFileName(c.scene, printPixels))}>
                        {t('qr.printDownload', { size: printPixels })}
                      </button>
                    )}
                  </td>
                  <td>{!c.action ? t('qr.notMadeHere') : c.expired ? t('qr.expired') : c.expiresAt ? new Date(c.expiresAt).toLocaleString() : t('qr.permanent')}</td>
                  <td>{c.scans}</td>
                  <td>{c.followers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
};

export const QrcodesPage = ({ account }: PageProps) => {
  const appid = account!.appid;
  const form = useForm({ kind: 'temporary' as Kind, sceneId: '', expire: '604800' });
  const [made, setMade] = useState<Made>();
  const [version, setVersion] = useState(0);

  // Blob URLs hold memory until revoked: one per code shown.
  useEffect(() => () => void (made && URL.revokeObjectURL(made.image)), [made]);

  const submit = form.submit(async () => {
    const { kind, sceneId, expire } = form.values;
    if (!sceneId.trim()) return form.setErrors({ sceneId: t('err.required') });
    const answer = await call('platform.qrcode', { appid, sceneId: sceneId.trim(), ...(kind === 'temporary' ? { expire: Number(expire) } : {}) });
    const image = URL.createObjectURL(await qrPng(answer.url));
    setMade({ answer, scene: sceneId.trim(), kind, image, createdAt: Date.now() });
    setVersion((v) => v + 1);
  });

  return (
    <div class="page">
      <h1>{t('qr.title')}</h1>
      <div class="split">
        <section class="card" aria-labelledby="qr-new">
          <h2 id="qr-new">{t('qr.new')}</h2>
          <form onSubmit={submit} noValidate>
            <FormError error={form.errors['_form']} />
            <fieldset>
              <legend>{t('qr.kind')}</legend>
              <div class="radios">
                {(['temporary', 'permanent'] as const).map((k) => (
                  <label key={k}>
                    <input type="radio" name="kind" value={k} checked={form.values.kind === k} onChange={() => form.set('kind', k)} />
                    {t(`qr.kind.${k}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <Field label={t('qr.scene')} name="sceneId" value={form.values.sceneId} maxLength={64} onValue={(v) => form.set('sceneId', v)} error={form.errors['sceneId']} hint={t(form.values.kind === 'temporary' ? 'qr.sceneHintTemporary' : 'qr.sceneHintPermanent')} />
            {form.values.kind === 'temporary' && (
              <Field type="number" inputMode="numeric" label={t('qr.expire')} name="expire" value={form.values.expire} onValue={(v) => form.set('expire', v)} error={form.errors['expire']} hint={t('qr.expireHint')} />
            )}
            <button type="submit" class="button button--primary" disabled={form.busy}>
              {t('qr.create')}
            </button>
          </form>
        </section>
        <section class="card qr-result" aria-labelledby="qr-result" aria-live="polite">
          <h2 id="qr-result">{t('qr.result')}</h2>
          {!made ? (
            <p class="muted">{t('qr.none')}</p>
          ) : (
            <>
              <img class="qr-result__image" src={made.image} width={232} height={232} alt={t('qr.imageAlt', { scene: made.scene })} />
              <dl class="facts">
                <dt>{t('qr.kind')}</dt>
                <dd>{t(`qr.kind.${made.kind}`)}</dd>
                <dt>{t('qr.scene')}</dt>
                <dd>
                  <code>{made.scene}</code>
                </dd>
                {made.answer.expire_seconds != null && (
                  <>
                    <dt>{t('qr.expiresAt')}</dt>
                    <dd>{new Date(made.createdAt + made.answer.expire_seconds * 1000).toLocaleString()}</dd>
                  </>
                )}
              </dl>
              <CopyField label={t('qr.link')} value={made.answer.qrcodeUrl} hint={t('qr.linkHint')} />
              <CopyField label={t('qr.content')} value={made.answer.url} />
              <a class="button button--ghost" href={made.image} download={qrFileName(made.scene)}>
                {t('qr.download')}
              </a>
            </>
          )}
        </section>
      </div>
      <QrList appid={appid} version={version} />
    </div>
  );
};
