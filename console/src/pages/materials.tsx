import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, FormError } from '../components/Field';
import { MaterialThumb } from '../components/MaterialThumb';
import { Pager } from '../components/Pager';
import { Alert, toast } from '../components/Toast';
import type { Output } from '../contract';
import { useForm } from '../form';
import { t, type MessageKey } from '../i18n';
import { href, setParams } from '../router';
import { putPresigned, uploadTo } from '../upload';
import type { PageProps } from './types';

/**
 * Materials (WeChat's permanent media): counts per type, a type's list a page at a time (WeChat
 * serves at most 20 per call; images with their thumbnails, through the platform), upload with a progress bar, delete. Images, voice and thumbs go
 * to the API as multipart; videos always take the presigned path (S3 PUT, then the key to the API)
 * because a Lambda request body cannot carry a 10 MB video.
 */
const listTypes = ['image', 'voice', 'video', 'news'] as const;
type ListType = (typeof listTypes)[number];
const uploadTypes = ['image', 'voice', 'video', 'thumb'] as const;
type UploadType = (typeof uploadTypes)[number];
const pageSize = 20;
const accept: Record<UploadType, string> = {
  image: 'image/png,image/jpeg',
  voice: 'audio/mpeg,audio/amr,audio/wav,audio/x-ms-wma,.mp3,.amr,.wav,.wma',
  video: 'video/mp4',
  thumb: 'image/jpeg',
};

type Listing = Output<'materials.list'>;
type Counts = Output<'materials.count'>;

export const MaterialsPage = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const type: ListType = (listTypes as readonly string[]).includes(params.get('type') ?? '') ? (params.get('type') as ListType) : 'image';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [counts, setCounts] = useState<Counts>();
  const [listing, setListing] = useState<Listing>();
  const [loadError, setLoadError] = useState<string>();
  const [removing, setRemoving] = useState<{ media_id: string; name?: string }>();
  /** The material the API refused to delete because rules use it (40900), with those rules. */
  const [inUse, setInUse] = useState<{ target: { media_id: string; name?: string }; rules: { keyword: string; type: string }[] }>();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    call('materials.count', { appid }).then(setCounts, (e: Error) => setLoadError(e.message));
  }, [appid, version]);

  useEffect(() => {
    setListing(undefined);
    let current = true; // a slow answer for the type or page shown before must not land here
    call('materials.list', { appid, type, offset: (page - 1) * pageSize, count: pageSize }).then(
      (answer) => current && setListing(answer),
      (e: Error) => current && setLoadError(e.message),
    );
    return () => void (current = false);
  }, [appid, type, page, version]);

  const remove = async (target: { media_id: string; name?: string }, force: boolean) => {
    setRemoving(undefined);
    setInUse(undefined);
    try {
      const answer = await call('materials.remove', { appid, mediaId: target.media_id, ...(force ? { force: true } : {}) });
      toast(answer.rulesMarked > 0 ? t('materials.deletedRulesMarked', { count: answer.rulesMarked }) : t('materials.deleted'));
      reload();
    } catch (error) {
      const rules = error instanceof ApiError && error.errcode === 40900 ? (error.answer['rules'] as { keyword: string; type: string }[] | undefined) : undefined;
      if (rules?.length) setInUse({ target, rules });
      else setLoadError((error as Error).message);
    }
  };

  const countOf = (k: ListType) => counts?.[`${k}_count`];
  return (
    <div class="page">
      <h1>{t('materials.title')}</h1>
      <UploadCard appid={appid} onUploaded={(uploaded) => (uploaded === type ? reload() : setParams({ type: uploaded === 'thumb' ? 'image' : uploaded, page: undefined }))} />
      <section class="card" aria-labelledby="materials-list">
        <h2 id="materials-list">{t('materials.library')}</h2>
        <nav class="tabs" aria-label={t('materials.types')}>
          {listTypes.map((k) => (
            <a key={k} href={href('/materials', { appid, type: k })} aria-current={k === type ? 'page' : undefined}>
              {t(`materials.type.${k}` as MessageKey)}
              <span class="tabs__count">{countOf(k) ?? '…'}</span>
            </a>
          ))}
        </nav>
        {loadError && <Alert kind="error">{loadError}</Alert>}
        {!listing ? (
          <p class="loading">{t('common.loading')}</p>
        ) : (
          <>
            <ul class="materials" aria-label={t(`materials.type.${type}` as MessageKey)}>
              {listing.item.length === 0 && <li class="muted">{t('common.empty')}</li>}
              {listing.item.map((item) => (
                <li class="material" key={item.media_id}>
                  {type === 'image' ? (
                    <MaterialThumb appid={appid} mediaId={item.media_id} name={item.name || item.media_id} />
                  ) : (
                    <span class={`material__thumb material__thumb--${type}`} aria-hidden="true">
                      {t(`materials.glyph.${type}` as MessageKey)}
                    </span>
                  )}
                  <span class="material__body">
                    <strong class="material__name">{item.name || item.media_id}</strong>
                    <code class="material__id">{item.media_id}</code>
                    {item.update_time ? <span class="muted small">{new Date(item.update_time * 1000).toLocaleString()}</span> : null}
                  </span>
                  <button type="button" class="button button--small button--ghost" onClick={() => setRemoving(item)} aria-label={t('materials.deleteNamed', { name: item.name || item.media_id })}>
                    {t('common.delete')}
                  </button>
                </li>
              ))}
            </ul>
            <Pager label={t('materials.library')} page={page} pageSize={pageSize} total={listing.total_count} onPage={(p) => setParams({ page: p })} />
          </>
        )}
      </section>
      <ConfirmDialog
        open={removing !== undefined}
        message={t('materials.confirmDelete', { name: removing?.name || removing?.media_id || '' })}
        onConfirm={() => void remove(removing!, false)}
        onCancel={() => setRemoving(undefined)}
      />
      <ConfirmDialog
        open={inUse !== undefined}
        message={t('materials.inUse', {
          name: inUse?.target.name || inUse?.target.media_id || '',
          count: inUse?.rules.length ?? 0,
          rules: (inUse?.rules ?? []).map((r) => t('materials.inUseRule', { keyword: r.keyword })).join(t('materials.inUseSeparator')),
        })}
        confirmLabel={t('materials.deleteAnyway')}
        onConfirm={() => void remove(inUse!.target, true)}
        onCancel={() => setInUse(undefined)}
      />
    </div>
  );
};

/** The upload form: type, file (and a video's title and description), a progress bar while it goes. */
const UploadCard = ({ appid, onUploaded }: { appid: string; onUploaded: (type: UploadType) => void }) => {
  const fileId = useId();
  const progressId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const form = useForm({ type: 'image' as UploadType, title: '', desc: '', file: '' });
  const [progress, setProgress] = useState<number>();

  const submit = form.submit(async () => {
    const file = fileInput.current?.files?.[0];
    if (!file) return form.setErrors({ file: t('materials.fileRequired') });
    const type = form.values.type;
    if (type === 'video' && !form.values.title.trim()) return form.setErrors({ title: t('err.required') });
    setProgress(0);
    try {
      if (type === 'video') {
        const slot = await call('materials.createUploadUrl', { type: 'video', size: file.size, filename: file.name, contentType: 'video/mp4' });
        await putPresigned(slot.uploadUrl, file, slot.headers, (f) => setProgress(f * 0.95));
        await call('materials.uploadVideo', { appid, title: form.values.title, desc: form.values.desc, key: slot.key });
        setProgress(1);
      } else {
        const body = new FormData();
        body.set('appid', appid);
        body.set('type', type);
        body.set('file', file, file.name);
        await uploadTo('materials.upload', body, setProgress);
      }
      toast(t('materials.uploaded', { name: file.name }));
      form.setValues({ type, title: '', desc: '', file: '' });
      if (fileInput.current) fileInput.current.value = '';
      onUploaded(type);
    } catch (error) {
      // The API names the file field `file` (multipart) or `key` (staged video): both are the file here.
      if (error instanceof ApiError && (error.field === 'key' || error.field === 'size')) form.setErrors({ file: error.detail });
      else form.fail(error);
    } finally {
      setProgress(undefined);
    }
  });

  const percent = progress === undefined ? 0 : Math.round(progress * 100);
  return (
    <section class="card" aria-labelledby="materials-upload">
      <h2 id="materials-upload">{t('materials.upload')}</h2>
      <form onSubmit={submit} noValidate class="upload">
        <FormError error={form.errors['_form']} />
        <Field kind="select" label={t('materials.uploadType')} name="type" value={form.values.type} onValue={(v) => form.set('type', v as UploadType)} error={form.errors['type']} hint={t(`materials.rule.${form.values.type}` as MessageKey)}>
          {uploadTypes.map((k) => (
            <option value={k} key={k}>
              {t(`materials.type.${k}` as MessageKey)}
            </option>
          ))}
        </Field>
        <div class={`field${form.errors['file'] ? ' field--error' : ''}`}>
          <label for={fileId}>{t('materials.file')}</label>
          <input
            id={fileId}
            ref={fileInput}
            type="file"
            name="file"
            accept={accept[form.values.type]}
            aria-invalid={form.errors['file'] ? true : undefined}
            aria-describedby={form.errors['file'] ? `${fileId}-error` : undefined}
            onChange={() => form.set('file', fileInput.current?.files?.[0]?.name ?? '')}
          />
          {form.errors['file'] && (
            <p class="field__error" id={`${fileId}-error`} role="alert">
              {form.errors['file']}
            </p>
          )}
        </div>
        {form.values.type === 'video' && (
          <>
            <Field label={t('materials.videoTitle')} name="title" value={form.values.title} maxLength={64} onValue={(v) => form.set('title', v)} error={form.errors['title']} />
            <Field kind="textarea" rows={2} label={t('materials.videoDesc')} name="desc" value={form.values.desc} maxLength={512} onValue={(v) => form.set('desc', v)} error={form.errors['desc']} />
          </>
        )}
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={form.busy}>
            {form.busy ? t('materials.uploading') : t('materials.uploadSubmit')}
          </button>
          {progress !== undefined && (
            <span class="progress">
              <label for={progressId}>{t('materials.progress')}</label>
              <progress id={progressId} max={100} value={percent} aria-valuetext={`${percent}%`}>
                {percent}%
              </progress>
              <span aria-hidden="true">{percent}%</span>
            </span>
          )}
        </div>
      </form>
    </section>
  );
};
