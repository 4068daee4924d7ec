import { audienceExportStatus } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { NotFoundError } from '../../core/errors';
import { ok } from '../../core/http/responses';
import { presignGet } from '../../core/uploads/s3';
import { getExport } from '../data/audience-jobs';
import { ExportStatusInput } from '../job-inputs';
import { exportView } from '../job-views';
import '../job-rule-texts';

/** SPEC §6: the link lives 15 minutes; asking again gives a new one until the file's 24 hours are up. */
export const exportLinkSeconds = 900;

export const handler = endpoint(audienceExportStatus, ExportStatusInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const record = await getExport(account.appid, input.exportId);
  // After 24 hours the lifecycle rule may not have run yet (it works in days): no link is given anyway.
  if (!record || Date.parse(record.expiresAt) <= Date.now()) {
    throw new NotFoundError('exportId: no such export of this account (an export file is kept 24 hours)', { field: 'exportId', rule: 'audience.exportGone' });
  }
  const link =
    record.state === 'done' && record.key
      ? { url: await presignGet(record.key, exportLinkSeconds), expiresAt: new Date(Date.now() + exportLinkSeconds * 1000).toISOString() }
      : undefined;
  return ok({ export: exportView(record, link) });
});
