import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { t } from '../i18n';
import { Field } from './Field';
import { MaterialThumb } from './MaterialThumb';

/**
 * Picks a material of the account (getMaterialByType) by its file name, never its media id. When
 * the account has none of that type yet, a plain media_id input stays available (an id from
 * elsewhere still works). Images are shown as thumbnails too, each one a button that picks it.
 */
type Item = { media_id: string; name?: string };

export const MediaPicker = (props: {
  appid: string;
  type: 'image' | 'voice' | 'video';
  label: string;
  name: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
}) => {
  const [items, setItems] = useState<Item[]>();
  useEffect(() => {
    setItems(undefined);
    call('materials.list', { appid: props.appid, type: props.type, count: 20 })
      .then((answer) => setItems(answer.item as Item[]))
      .catch(() => setItems([]));
  }, [props.appid, props.type]);

  if (items === undefined) return <p class="muted">{t('common.loading')}</p>;
  if (items.length === 0) {
    return <Field label={props.label} name={props.name} value={props.value} onValue={props.onValue} error={props.error} hint={t('reply.mediaNone')} autoComplete="off" spellcheck={false} />;
  }
  const known = items.some((i) => i.media_id === props.value);
  // WeChat's back office names a material by its file; one without a name, by its kind and place.
  const nameOf = (i: Item, n: number) => i.name || t('reply.mediaUnnamed', { type: t(`type.${props.type}`), n: n + 1 });
  return (
    <>
      <Field kind="select" label={props.label} name={props.name} value={props.value} onValue={props.onValue} error={props.error}>
        <option value="">{t('reply.mediaPick')}</option>
        {/* A material picked elsewhere (beyond the first page, or deleted): named as such, its id never shown. */}
        {!known && props.value && <option value={props.value}>{t('reply.mediaOther', { type: t(`type.${props.type}`) })}</option>}
        {items.map((i, n) => (
          <option value={i.media_id} key={i.media_id}>
            {nameOf(i, n)}
          </option>
        ))}
      </Field>
      {props.type === 'image' && (
        // The same choice by sight: the images' thumbnails (the select stays the labelled control).
        <ul class="media-picker" aria-label={t('reply.mediaThumbs')}>
          {items.map((i, n) => (
            <li key={i.media_id}>
              <button type="button" class="media-picker__item" aria-pressed={i.media_id === props.value} title={nameOf(i, n)} onClick={() => props.onValue(i.media_id)}>
                <MaterialThumb appid={props.appid} mediaId={i.media_id} name={nameOf(i, n)} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
