import { accountsUpdateServerConfig } from '../routes';
import { selectAccount } from '../select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ServerConfigInput } from '../settings-inputs';
import { changeServerConfig } from '../server-config';

/** A direct binding's token, EncodingAESKey and message mode, set here before 公众平台. */
export const handler = endpoint(accountsUpdateServerConfig, ServerConfigInput, async ({ input, session }) =>
  ok(await changeServerConfig(await selectAccount(session.org, input.appid), input)),
);
