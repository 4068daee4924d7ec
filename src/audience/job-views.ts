import { exportKeptSeconds, segmentKeptSeconds, type ExportRecord, type SegmentRecord } from './data/audience-jobs';

/** Segment jobs and exports as the API shows them: state and counts, not their checkpoints. */
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

export const segmentView = (r: SegmentRecord) => ({
  segmentId: r.segmentId,
  state: r.state,
  filters: r.filters,
  count: r.count,
  scanned: r.scanned,
  createdAt: r.createdAt,
  ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  expiresAt: plus(r.createdAt, segmentKeptSeconds),
  ...(r.reason && r.state === 'failed' ? { reason: r.reason } : {}),
});

/** The file is kept 24 hours from the request (the record an hour longer, to say so). */
export const exportFileSeconds = exportKeptSeconds - 3600;

export const exportView = (r: ExportRecord, link?: { url: string; expiresAt: string }) => ({
  exportId: r.exportId,
  state: r.state,
  rows: r.rows,
  ...(r.bytes !== undefined ? { bytes: r.bytes } : {}),
  createdAt: r.createdAt,
  ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  expiresAt: r.expiresAt,
  ...(link ? { url: link.url, urlExpiresAt: link.expiresAt } : {}),
  ...(r.reason && r.state === 'failed' ? { reason: r.reason } : {}),
});
