import { t } from '../i18n';

/**
 * Page controls for lists the server pages (materials: offset/count; PagedTable slices rows it
 * already holds). The page number is the caller's, kept in the URL.
 */
export const Pager = (props: { label: string; page: number; pageSize: number; total: number; onPage: (page: number) => void }) => {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav class="pager" aria-label={props.label}>
      <button type="button" class="button button--ghost" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        {t('common.prev')}
      </button>
      <span aria-live="polite">{t('common.pageOf', { page: props.page, pages, total: props.total })}</span>
      <button type="button" class="button button--ghost" disabled={props.page >= pages} onClick={() => props.onPage(props.page + 1)}>
        {t('common.next')}
      </button>
    </nav>
  );
};
