import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { setApprovalRequired } from '../../core/data/organizations';
import { UpdateSettingsInput } from '../inputs';
import { teamUpdateSettings } from '../routes';

export const handler = endpoint(teamUpdateSettings, UpdateSettingsInput, async ({ input, session }) => {
  await setApprovalRequired(session.org.orgId, input.approvalRequired);
  return ok({ settings: { approvalRequired: input.approvalRequired } });
});
