import { platformJsticket } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { JsticketInput } from '../web-inputs';
import { jsConfig } from '../jsticket';

/** Public (H5 pages call it): CORS allows the calling page; a form post needs no preflight. */
export const handler = endpoint(platformJsticket, JsticketInput, async ({ input, event }) =>
  ok(await jsConfig(input.appid, input.url), {
    headers: { 'access-control-allow-origin': event.headers['origin'] ?? '*', vary: 'Origin' },
  }),
);
