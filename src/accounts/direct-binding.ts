import { getAccount, saveAccount, type Account } from '../core/data/accounts';
import { releaseHeld } from './kept-data';
import { ConflictError, ValidationError } from '../core/errors';
import { putToken } from '../wechat/data/tokens';
import { checkAppsecret } from './appsecret-check';
import { keptSettings } from './kept-settings';
import { requestTransfer } from './transfers';
import './rule-texts';

/** Direct binding of official accounts: their own appid, appsecret, token and EncodingAESKey. */

export interface DirectBinding {
  appid: string;
  appsecret: string;
  token: string;
  encodingAESKey?: string | undefined;
  nickname?: string | undefined;
  originalId?: string | undefined;
  encryptMode?: 'plain' | 'compatible' | 'safe' | undefined;
}

export type DirectBindingResult = { account: Account; transfer?: undefined } | { account: Account; transfer: { dueAt: Date } };

/**
 * Direct mode: the owner's own appid and appsecret. WeChat checks them (stable_token) before
 * anything is stored, so a wrong secret leaves nothing behind. An account another organization
 * owns is not bound at once: the right AppSecret asks for a transfer, which happens in 24 hours
 * unless one of its owners answers 不是我 (src/accounts/transfers.ts).
 */
export const bindDirect = async (org: { orgId: string }, binding: DirectBinding, requestedBy: string): Promise<DirectBindingResult> => {
  if (binding.encryptMode && binding.encryptMode !== 'plain' && !binding.encodingAESKey) {
    throw new ValidationError(`encodingAESKey: is required when encryptMode is ${binding.encryptMode}`, { problem: { field: 'encodingAESKey', rule: 'required' } });
  }
  const existing = await getAccount(binding.appid);
  if (existing && existing.orgId === org.orgId && existing.mode === 'component' && existing.status === 'authorized') {
    throw new ConflictError(`appid: ${binding.appid} is authorized through the platform already; unauthorize it first`, { field: 'appid', rule: 'binding.authorizedAlready' });
  }
  const token = await checkAppsecret(binding.appid, binding.appsecret);
  if (existing && existing.orgId !== org.orgId) {
    const transfer = await requestTransfer(existing, org.orgId, binding, requestedBy);
    return { account: existing, transfer };
  }
  const account = directAccount(org.orgId, binding, existing);
  await saveAccount(account);
  if (existing?.status === 'unbound') await releaseHeld(binding.appid);
  await putToken({ kind: 'direct', appid: binding.appid }, token.access_token, Date.now() + token.expires_in * 1000);
  return { account };
};

/** The account item of a direct binding (written whole: a TTL left by an unbind goes with the old item). */
export const directAccount = (orgId: string, binding: DirectBinding, existing: Account | undefined): Account => {
  const now = new Date().toISOString();
  return {
    appid: binding.appid,
    orgId,
    mode: 'direct',
    status: 'authorized',
    nickname: binding.nickname ?? existing?.nickname ?? '',
    appsecret: binding.appsecret,
    callbackToken: binding.token,
    ...(binding.encodingAESKey ? { encodingAesKey: binding.encodingAESKey } : {}),
    ...(binding.encryptMode ? { encryptMode: binding.encryptMode } : {}),
    // Typed by the owner, or kept from before (a re-binding of the same account); else the first
    // verified push teaches it (src/callback/handle-callback.ts).
    ...((binding.originalId ?? (existing?.mode === 'direct' ? existing.originalId : undefined))
      ? { originalId: binding.originalId ?? existing!.originalId! }
      : {}),
    ...keptSettings(existing),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
};
