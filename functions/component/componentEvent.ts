import * as z from 'zod';
import { routes } from '../../lib/routes';
import { handleComponentEvent } from '../../src/accounts/component-events';
import { rawBody } from '../../src/http/body';
import { endpoint } from '../../src/http/endpoint';
import { text } from '../../src/http/responses';
import { componentCredentials } from '../../src/wechat/component-credentials';
import { openSafeModePush, parsePushXml } from '../../src/wechat/inbound';

export const ComponentEventQuery = z.object({
  timestamp: z.string().regex(/^\d{1,12}$/, 'seconds since the epoch'),
  nonce: z.string().min(1).max(64),
  msg_signature: z.string().regex(/^[0-9a-f]{40}$/i, 'a sha1 hex digest'),
  signature: z.string().max(64).optional(),
  encrypt_type: z.literal('aes').optional(),
});

/** WeChat wants the plain text `success`; anything else makes it retry. */
export const handler = endpoint(routes['component.event'], ComponentEventQuery, async ({ input, event }) => {
  const envelope = parsePushXml(rawBody(event));
  const component = await componentCredentials();
  const message = openSafeModePush(envelope, input, {
    token: component.token,
    encodingAesKey: component.aesKey,
    appId: component.appid,
  });
  await handleComponentEvent(component.appid, message);
  return text(200, 'success');
});
