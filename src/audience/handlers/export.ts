import { randomUUID } from 'node:crypto';
import { audienceExport } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { ConflictError, NotFoundError } from '../../core/errors';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { createExport, getSegment, segmentKeptSeconds, type ExportRecord } from '../data/audience-jobs';
import { ExportInput } from '../job-inputs';
import { enqueueAudienceJob } from '../job-queue';
import { exportFileSeconds, exportView } from '../job-views';
import '../job-rule-texts';

/**
 * Asks for an export (admins: the file holds every follower's openid and remark). The worker writes
 * it (src/audience/export-job.ts); exportStatus hands out the link. The endpoint wrapper records the
 * request in the audit log with the job's item (a change needing admin).
 */
export const handler = endpoint(audienceExport, ExportInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const { appid: _a, segmentId, ...query } = input;
  if (segmentId !== undefined) {
    const segment = await getSegment(account.appid, segmentId);
    if (!segment || Date.parse(segment.createdAt) + segmentKeptSeconds * 1000 <= Date.now()) {
      throw new NotFoundError('segmentId: no such segment of this account (a segment is kept 24 hours)', { field: 'segmentId', rule: 'audience.segmentGone' });
    }
    if (segment.state === 'failed') throw new ConflictError('segmentId: the segment failed', { field: 'segmentId', rule: 'audience.segmentFailed' }, { state: segment.state });
  }
  const now = new Date();
  const record: ExportRecord = {
    exportId: randomUUID(),
    orgId: session.org.orgId,
    userId: session.userId,
    source: segmentId !== undefined ? { segmentId } : { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<string, string | number> },
    state: 'running',
    rows: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + exportFileSeconds * 1000).toISOString(),
    version: 0,
  };
  await createExport(account.appid, record);
  await enqueueAudienceJob({ kind: 'export', appid: account.appid, exportId: record.exportId });
  return ok({ exportId: record.exportId, state: record.state, export: exportView(record) });
});
