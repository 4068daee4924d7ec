import { config } from '../core/config';
import { epochSeconds } from '../core/data/client';
import { getAccount, saveAccount, type Account } from '../core/data/accounts';
import { releaseHeld } from './kept-data';
import { ConflictError } from '../core/errors';
import { logger } from '../core/http/logger';
import { hashToken, newToken } from '../core/security/tokens';
import { putToken } from '../wechat/data/tokens';
import { listDueTransfers, putTransfer, takeDueTransfer, TransferPendingElsewhere, type PendingTransfer } from './data/transfers';
import { mailOwners, moveToProver } from './ownership';
import { transferDoneMail, transferPendingMail } from './ownership-mail';
import type { DirectBinding } from './direct-binding';

/**
 * The AppSecret proves control more weakly than a fresh authorization (a secret can leak, be kept by
 * a former developer): an account another organization owns moves to the one that bound it with
 * the right AppSecret only after 24 hours, and only if no owner answered the mail with 不是我.
 *
 * How the 24 hours pass: a due-time item (TRANSFER#<appid>, listed by due time on gsi1) that a
 * scheduled sweep (`transferAccounts`, every 15 minutes) carries out. Chosen over one EventBridge
 * Scheduler schedule per transfer because cancelling is then one conditional delete of the same
 * item the sweep takes (no schedule left firing after a cancel, no second service to keep in step),
 * and the local scheduler stand-in runs it as it runs the token refresh. The cost: a transfer
 * happens up to 15 minutes after its 24 hours.
 */
export const transferDelaySeconds = 24 * 3600;

/** The console page the mail's 不是我 link opens (it calls accounts.cancelTransfer). */
export const cancelLink = (appid: string, token: string): string =>
  `${config.consoleUrl.replace(/\/?$/, '/')}#/transfer/cancel?${new URLSearchParams({ appid, token })}`;

export const requestTransfer = async (existing: Account, toOrgId: string, binding: DirectBinding, requestedBy: string, now = Date.now()): Promise<{ dueAt: Date }> => {
  const token = newToken();
  const dueAt = epochSeconds(now) + transferDelaySeconds;
  try {
    await putTransfer({
      appid: existing.appid,
      fromOrgId: existing.orgId,
      toOrgId,
      requestedBy,
      dueAt,
      cancelHash: hashToken(token),
      appsecret: binding.appsecret,
      callbackToken: binding.token,
      ...(binding.encodingAESKey ? { encodingAesKey: binding.encodingAESKey } : {}),
      ...(binding.nickname ? { nickname: binding.nickname } : {}),
    });
  } catch (error) {
    if (error instanceof TransferPendingElsewhere) throw new ConflictError(error.message);
    throw error;
  }
  const due = new Date(dueAt * 1000);
  await mailOwners(existing.orgId, (to, orgName) => transferPendingMail(to, existing, orgName, due, cancelLink(existing.appid, token)));
  return { dueAt: due };
};

/** What one sweep did, per appid. */
export type TransferOutcome = 'moved' | 'secretRefused' | 'ownerChanged' | 'taken';

/**
 * Carries out what is due at `now`. Each transfer is taken off the list first (a conditional
 * delete: two sweeps at once carry it out once); the AppSecret is checked with WeChat again (an
 * owner who reset it since has answered too), then the account moves, the previous owners are told.
 */
export const runDueTransfers = async (now: number, checkSecret: (appid: string, secret: string) => Promise<{ access_token: string; expires_in: number }>) => {
  const outcomes: Record<string, TransferOutcome> = {};
  for (const { appid } of await listDueTransfers(epochSeconds(now))) {
    const transfer = await takeDueTransfer(appid, epochSeconds(now));
    if (!transfer) {
      outcomes[appid] = 'taken';
      continue;
    }
    try {
      outcomes[appid] = await carryOut(transfer, checkSecret);
    } catch (error) {
      logger.error('account transfer failed', { appid, error });
    }
  }
  return outcomes;
};

const carryOut = async (transfer: PendingTransfer, checkSecret: Parameters<typeof runDueTransfers>[1]): Promise<TransferOutcome> => {
  const token = await checkSecret(transfer.appid, transfer.appsecret).catch(() => undefined);
  if (!token) return 'secretRefused';
  const existing = await getAccount(transfer.appid);
  if (!existing || existing.orgId !== transfer.fromOrgId) return 'ownerChanged';
  const moved = await moveToProver(transfer.appid, transfer.fromOrgId, transfer.toOrgId, 'appsecret', (to, orgName) => transferDoneMail(to, existing, orgName));
  if (!moved) return 'ownerChanged';
  const now = new Date().toISOString();
  await saveAccount({
    appid: transfer.appid,
    orgId: transfer.toOrgId,
    mode: 'direct',
    status: 'authorized',
    nickname: transfer.nickname ?? existing.nickname,
    appsecret: transfer.appsecret,
    callbackToken: transfer.callbackToken,
    ...(transfer.encodingAesKey ? { encodingAesKey: transfer.encodingAesKey } : {}),
    ...(existing.inboxRetentionDays !== undefined ? { inboxRetentionDays: existing.inboxRetentionDays } : {}),
    createdAt: existing.createdAt,
    updatedAt: now,
  });
  if (existing.status === 'unbound') await releaseHeld(transfer.appid);
  await putToken({ kind: 'direct', appid: transfer.appid }, token.access_token, Date.now() + token.expires_in * 1000);
  return 'moved';
};
