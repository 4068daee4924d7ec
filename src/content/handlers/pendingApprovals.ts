import { contentPendingApprovals } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { pendingApprovals } from '../approvals';
import { PendingApprovalsInput } from '../inputs';
import { sendView } from '../send-view';

export const handler = endpoint(contentPendingApprovals, PendingApprovalsInput, async ({ session, language }) => ok({ sends: (await pendingApprovals(session.org.orgId)).map((s) => sendView(s, language)) }));
