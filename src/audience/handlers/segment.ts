import { randomUUID } from 'node:crypto';
import { audienceSegment } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { getCounts } from '../data/audience-state';
import { createSegment, type SegmentFilters, type SegmentRecord } from '../data/audience-jobs';
import { SegmentInput } from '../job-inputs';
import { enqueueAudienceJob } from '../job-queue';
import { segmentView } from '../job-views';
import { baseOf } from '../segment-filters';

/** Starts a segment job (src/audience/segment-job.ts): the counters pick the cheapest key to read. */
export const handler = endpoint(audienceSegment, SegmentInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const filters = Object.fromEntries(Object.entries(input.filters).filter(([, v]) => v !== undefined)) as SegmentFilters;
  const now = new Date().toISOString();
  const record: SegmentRecord = {
    segmentId: randomUUID(),
    orgId: session.org.orgId,
    filters,
    base: baseOf(filters, await getCounts(account.appid)),
    state: 'running',
    count: 0,
    scanned: 0,
    chunks: 0,
    pending: [],
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
  await createSegment(account.appid, record);
  await enqueueAudienceJob({ kind: 'segment', appid: account.appid, segmentId: record.segmentId });
  return ok({ segmentId: record.segmentId, state: record.state, segment: segmentView(record) });
});
