import { platformJsticket } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { JsticketInput } from '../../src/platform/web-inputs';
import { jsConfig } from '../../src/platform/jsticket';

/** Public (H5 pages call it): CORS allows the calling page; a form post needs no preflight. */
export const handler = endpoint(platformJsticket, JsticketInput, async ({ input, event }) =>
  ok(await jsConfig(input.appid, input.url), {
    headers: { 'access-control-allow-origin': event.headers['origin'] ?? '*', vary: 'Origin' },
  }),
);
