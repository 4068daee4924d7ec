import { platformQrcode } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { QrcodeInput } from '../../src/platform/web-inputs';
import { createSceneQrcode, qrRequest } from '../../src/platform/qrcode';

export const handler = endpoint(platformQrcode, QrcodeInput, async ({ input, session }) => {
  qrRequest(input.sceneId, input.expire); // refuses a bad scene before any I/O
  const account = await selectAccount(session.userId, input.appid);
  return ok(await createSceneQrcode(account, input.sceneId, input.expire));
});
