import { chunkSize, getSegment, putSegmentChunk, saveSegment, type SegmentRecord } from './data/audience-jobs';
import { scanIndexPage, withLanguage } from './directory-scan';
import { enqueueAudienceJob } from './job-queue';
import { matches } from './segment-filters';

/**
 * A segment job, carried by the audience jobs' worker: the base index (segment-filters.ts) is read a
 * page at a time from the job's position, each entry checked against the other filters, the members
 * written in chunks of 100; after each page the position, the chunks written, the count and the
 * members short of a chunk move in ONE conditional write (`version`). A worker killed anywhere redoes
 * at most one page, rewriting the same chunk items; a second delivery beside the first loses the
 * condition and stops. Past its slice the job queues itself to go on.
 */
const sliceMs = () => {
  const v = Number(process.env['AUDIENCE_JOB_SLICE_MS']);
  return Number.isFinite(v) && v > 0 ? v : 90_000;
};

export type SegmentOutcome = 'stale' | 'continued' | 'done' | 'superseded';

export const runSegmentSlice = async (appid: string, segmentId: string): Promise<SegmentOutcome> => {
  const record = await getSegment(appid, segmentId);
  if (!record || record.state !== 'running') return 'stale';
  const deadline = Date.now() + sliceMs();
  for (;;) {
    if (Date.now() > deadline) {
      await enqueueAudienceJob({ kind: 'segment', appid, segmentId });
      return 'continued';
    }
    const page = await scanIndexPage(appid, record.base, record.position);
    let found = page.members.filter((m) => matches(record.filters, m));
    if (record.filters.language !== undefined) found = (await withLanguage(appid, found)).filter((m) => m.language === record.filters.language);
    const next: SegmentRecord = { ...record, scanned: record.scanned + page.members.length, count: record.count + found.length, updatedAt: new Date().toISOString() };
    let pending = [...record.pending, ...found];
    while (pending.length >= chunkSize || (!page.position && pending.length)) {
      await putSegmentChunk(appid, record, next.chunks, pending.slice(0, chunkSize));
      next.chunks++;
      pending = pending.slice(chunkSize);
    }
    next.pending = pending;
    if (page.position) next.position = page.position;
    else {
      delete next.position;
      next.state = 'done';
      next.finishedAt = next.updatedAt;
    }
    if (!(await saveSegment(appid, next))) return 'superseded';
    Object.assign(record, next);
    if (next.state === 'done') return 'done';
  }
};

/** After the queue's last delivery failed: the job says so. */
export const failSegment = async (appid: string, segmentId: string, reason: string): Promise<void> => {
  const record = await getSegment(appid, segmentId);
  if (record?.state === 'running') await saveSegment(appid, { ...record, state: 'failed', reason, updatedAt: new Date().toISOString() });
};
