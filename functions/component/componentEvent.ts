import { componentEvent } from '../../lib/routes';
import { handleComponentEvent } from '../../src/accounts/component-events';
import { ComponentEventQuery } from '../../src/accounts/inputs';
import { rawBody } from '../../src/http/body';
import { endpoint } from '../../src/http/endpoint';
import { text } from '../../src/http/responses';
import { componentCredentials } from '../../src/wechat/component-credentials';
import { openSafeModePush, parsePushXml } from '../../src/wechat/inbound';

/** WeChat wants the plain text `success`; anything else makes it retry. */
export const handler = endpoint(componentEvent, ComponentEventQuery, async ({ input, event }) => {
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
