import * as z from 'zod';
import { routes } from '../../lib/routes';
import { bindDirect } from '../../src/accounts/authorization';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { appid } from '../../src/http/schemas';

export const BindDirectInput = z.object({
  appid,
  appsecret: z.string().regex(/^[0-9a-f]{32}$/i, 'a 32-character hex string'),
  token: z.string().regex(/^[A-Za-z0-9]{3,32}$/, '3 to 32 letters or digits (as WeChat allows)'),
  encodingAESKey: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '43 letters or digits')
    .optional(),
  nickname: z.string().trim().max(64).optional(),
});

export const handler = endpoint(routes['accounts.bindDirect'], BindDirectInput, async ({ input, session }) => {
  const account = await bindDirect(session.userId, input);
  return ok({ account: { appid: account.appid, nickname: account.nickname, mode: account.mode } });
});
