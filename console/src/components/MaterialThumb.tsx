import { useEffect, useRef, useState } from 'preact/hooks';
import { useBlobUrl } from '../blob-url';
import { t } from '../i18n';

/**
 * An image material's thumbnail. WeChat's own image URLs refuse other sites and the console's CSP
 * allows no foreign image origin, so the bytes come through the platform (materials.image) with
 * the session in the Authorization header, shown from a blob: URL (no token in any URL). Fetched
 * only once the card comes near the viewport; the browser's HTTP cache keeps the answer (the API
 * marks it immutable), so paging back costs WeChat nothing. A failure shows the placeholder.
 */
const useVisible = (ref: { current: Element | null }): boolean => {
  const [visible, setVisible] = useState(typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (visible || !ref.current) return undefined;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setVisible(true), { rootMargin: '200px' });
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [visible]);
  return visible;
};

export const MaterialThumb = ({ appid, mediaId, name, className = 'material__thumb' }: { appid: string; mediaId: string; name: string; className?: string }) => {
  const box = useRef<HTMLSpanElement>(null);
  const visible = useVisible(box);
  const state = useBlobUrl('materials.image', visible && mediaId ? { appid, mediaId } : undefined);
  const [broken, setBroken] = useState<string>();
  if (state.kind === 'shown' && broken !== state.url) {
    return (
      <span class={`${className} ${className}--shown`} ref={box}>
        <img src={state.url} alt={name} decoding="async" onError={() => setBroken(state.url)} />
      </span>
    );
  }
  const note = state.kind === 'tooLarge' ? t('materials.thumbTooLarge') : state.kind === 'failed' || state.kind === 'shown' ? t('materials.thumbFailed') : undefined;
  return (
    <span class={`${className} ${className}--image${note ? ` ${className}--failed` : ''}`} ref={box} role="img" aria-label={note ? `${name}: ${note}` : name} aria-busy={state.kind === 'loading' || undefined} title={note}>
      <span aria-hidden="true">{t('materials.glyph.image')}</span>
      {note && (
        <span class={`${className}-note`} aria-hidden="true">
          {note}
        </span>
      )}
    </span>
  );
};
