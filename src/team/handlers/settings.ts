import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { getOrganization } from '../../core/data/organizations';
import { SettingsInput } from '../inputs';
import { teamSettings } from '../routes';

export const handler = endpoint(teamSettings, SettingsInput, async ({ session }) =>
  ok({ settings: { approvalRequired: (await getOrganization(session.org.orgId))?.approvalRequired === true } }),
);
