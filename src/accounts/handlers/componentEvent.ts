import { componentEvent } from '../routes';
import { handleComponentEvent } from '../component-events';
import { ComponentEventQuery } from '../inputs';
import { rawBody } from '../../core/http/body';
import { endpoint } from '../../core/http/endpoint';
import { text } from '../../core/http/responses';
import { componentCredentials } from '../../wechat/component-credentials';
import { openSafeModePush, parsePushXml } from '../../wechat/inbound';

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
