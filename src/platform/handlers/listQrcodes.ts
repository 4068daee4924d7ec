import { platformListQrcodes } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { config } from '../../core/config';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { listQrcodes } from '../data/qrcodes';
import { ListQrcodesInput } from '../inputs';

export const handler = endpoint(platformListQrcodes, ListQrcodesInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const now = new Date().toISOString();
  const qrcodes = (await listQrcodes(account.appid)).map(({ ticket, ...code }) => ({
    ...code,
    ...(ticket ? { qrcodeUrl: `${config.wechatMpBase}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}` } : {}),
    expired: code.expiresAt !== undefined && code.expiresAt <= now,
  }));
  // Newest codes first; scenes never made here (no createdAt) after them, by scans.
  qrcodes.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.scans - a.scans);
  return ok({ qrcodes });
});
