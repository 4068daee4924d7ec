import { platformQrcode } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { QrcodeInput } from '../web-inputs';
import { createSceneQrcode, qrRequest } from '../qrcode';

export const handler = endpoint(platformQrcode, QrcodeInput, async ({ input, session }) => {
  qrRequest(input.sceneId, input.expire); // refuses a bad scene before any I/O
  const account = await selectAccount(session.org, input.appid);
  return ok(await createSceneQrcode(account, input.sceneId, input.expire));
});
