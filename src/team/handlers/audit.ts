import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { listAudit } from '../data/audit-log';
import { AuditInput } from '../inputs';
import { teamAudit } from '../routes';

export const handler = endpoint(teamAudit, AuditInput, async ({ input, session }) => {
  const { limit, next, ...filter } = input;
  return ok(await listAudit(session.org.orgId, filter, limit, next));
});
