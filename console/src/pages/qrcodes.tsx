import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { CopyField } from '../components/CopyField';
import { Field, FormError } from '../components/Field';
import type { Output } from '../contract';
import { useForm } from '../form';
import { t } from '../i18n';
import { qrPng } from '../qr-image';
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

export const QrcodesPage = ({ account }: PageProps) => {
  const appid = account!.appid;
  const form = useForm({ kind: 'temporary' as Kind, sceneId: '', expire: '604800' });
  const [made, setMade] = useState<Made>();

  // Blob URLs hold memory until revoked: one per code shown.
  useEffect(() => () => void (made && URL.revokeObjectURL(made.image)), [made]);

  const submit = form.submit(async () => {
    const { kind, sceneId, expire } = form.values;
    if (!sceneId.trim()) return form.setErrors({ sceneId: t('err.required') });
    const answer = await call('platform.qrcode', { appid, sceneId: sceneId.trim(), ...(kind === 'temporary' ? { expire: Number(expire) } : {}) });
    const image = URL.createObjectURL(await qrPng(answer.url));
    setMade({ answer, scene: sceneId.trim(), kind, image, createdAt: Date.now() });
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
              <a class="button button--ghost" href={made.image} download={`qrcode-${made.scene.replace(/[^\w.-]/g, '_')}.png`}>
                {t('qr.download')}
              </a>
            </>
          )}
        </section>
      </div>
    </div>
  );
};
