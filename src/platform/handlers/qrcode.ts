import { platformQrcode } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { QrcodeInput } from '../web-inputs';
import { createSceneQrcode, qrRequest } from '../qrcode';
import { saveQrcode } from '../data/qrcodes';

export const handler = endpoint(platformQrcode, QrcodeInput, async ({ input, session }) => {
  qrRequest(input.sceneId, input.expire); // refuses a bad scene before any I/O
  const account = await selectAccount(session.org, input.appid);
  const code = await createSceneQrcode(account, input.sceneId, input.expire);
  // Kept by scene for the QR list; the scans and followers it brings are counted from the pushes.
  await saveQrcode(account.appid, {
    scene: String(input.sceneId),
    action: qrRequest(input.sceneId, input.expire).action_name,
    ticket: code.ticket,
    url: code.url,
    expireSeconds: code.expire_seconds,
  });
  return ok(code);
});
