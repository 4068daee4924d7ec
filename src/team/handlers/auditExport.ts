import { endpoint } from '../../core/http/endpoint';
import { auditCsv } from '../audit-csv';
import { allAudit } from '../data/audit-log';
import { AuditExportInput } from '../inputs';
import { teamAuditExport } from '../routes';

/** Enough for a year of a busy team's changes, small enough for one Lambda answer (6 MB). */
const maxEntries = 10_000;

export const handler = endpoint(teamAuditExport, AuditExportInput, async ({ input, session }) => {
  const { entries, truncated } = await allAudit(session.org.orgId, input, maxEntries);
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
      ...(truncated ? { 'x-truncated': 'true' } : {}),
    },
    body: auditCsv(entries),
  };
});
