import { accountsCancelTransfer } from '../routes';
import { CancelTransferInput } from '../inputs';
import { NotFoundError } from '../../core/errors';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { hashToken } from '../../core/security/tokens';
import { cancelTransfer } from '../data/transfers';
import { logger } from '../../core/http/logger';
import '../rule-texts';

/** 不是我: public (the owner may read the mail anywhere); the link's 256-bit token is the proof, and it works once. */
export const handler = endpoint(accountsCancelTransfer, CancelTransferInput, async ({ input }) => {
  const cancelled = await cancelTransfer(input.appid, hashToken(input.token));
  if (!cancelled) throw new NotFoundError('token: unknown, used, or the transfer is done or cancelled already', { field: 'token', rule: 'link.transferGone' });
  logger.info('account transfer cancelled by an owner', { appid: input.appid, toOrgId: cancelled.toOrgId });
  return ok({});
});
