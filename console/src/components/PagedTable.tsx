import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

/**
 * A table with a caption and page controls. The page number is the caller's (kept in the URL);
 * on narrow screens rows become cards (each cell labelled by its column through data-label).
 */
export interface Column<Row> {
  key: string;
  label: string;
  cell: (row: Row) => ComponentChildren;
}

export const PagedTable = <Row,>(props: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  /** What an empty table says (what to do next); a bare "nothing here" otherwise. */
  empty?: ComponentChildren;
}) => {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const page = Math.min(Math.max(1, props.page), pages);
  const visible = props.rows.slice((page - 1) * props.pageSize, page * props.pageSize);
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {visible.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} class="table__empty">
                {props.empty ?? t('common.empty')}
              </td>
            </tr>
          ) : (
            visible.map((row) => (
              <tr key={props.rowKey(row)}>
                {props.columns.map((c) => (
                  <td key={c.key} data-label={c.label}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      <nav class="pager" aria-label={props.caption}>
        <button type="button" class="button button--ghost" disabled={page <= 1} onClick={() => props.onPage(page - 1)}>
          {t('common.prev')}
        </button>
        <span aria-live="polite">{t('common.pageOf', { page, pages, total: props.total })}</span>
        <button type="button" class="button button--ghost" disabled={page >= pages} onClick={() => props.onPage(page + 1)}>
          {t('common.next')}
        </button>
      </nav>
    </div>
  );
};
