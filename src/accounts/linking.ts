import { timingSafeEqual } from 'node:crypto';
import { AccountTakenError, getAccount, saveAccount, type Account } from '../core/data/accounts';
import { releaseHeld } from './kept-data';
import { keptSettings } from './kept-settings';
import { getMembership } from '../core/data/organizations';
import { getLiveSession } from '../core/data/sessions';
import { AppError, ForbiddenError, ValidationError } from '../core/errors';
import { logger } from '../core/http/logger';
import { roleAllows } from '../core/route';
import { hashToken } from '../core/security/tokens';
import { getAuthorizerInfo, queryAuth } from '../wechat/api/component';
import { putToken } from '../wechat/data/tokens';
import { claimGrant, recordPush, recordReturn, type AuthGrant } from './data/auth-grants';
import { countPhoneTry, endLink, linkPurpose, markWaiting, readLinkState, type LinkState } from './data/auth-states';
import { ownState, statusOf, type LinkStatus } from './link-status';
import { accountMovedMail } from './ownership-mail';
import { moveToProver } from './ownership';
import './rule-texts';

/**
 * Linking an account by third-party authorization (issue 22 item 1). An account is linked only when
 * BOTH are there:
 *  - the console session that started the authorization came back with the code: the console's
 *    session is a bearer token in localStorage, which WeChat's redirect (a top-level navigation)
 *    cannot carry, so the redirect lands on a console page that calls `component.authComplete`
 *    with that token; the state remembers the SHA-256 of the starting session's token. A phone
 *    (WeChat's in-app browser, no console session) shows a 6-digit confirmation code that the
 *    waiting console types in instead;
 *  - WeChat's `authorized` push for that code, naming the pre_auth_code of this state's page.
 * Whichever comes second completes the link (src/accounts/data/auth-grants.ts is where they meet),
 * so a push that trails the browser by minutes still links, and the console sees it by polling
 * `component.authStatus`. A push alone links nothing; a return in another session links nothing
 * and spends the state.
 */

const phoneTries = 5;

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The starting session is back: with the code WeChat gave its browser (`auth_code`), or, after a
 * return on a phone, with the confirmation code the phone showed (`confirmCode`). Any other session
 * spends the state and is refused: the address forwarded to the one who started it is worth nothing.
 */
export const completeReturn = async (
  input: { state: string; auth_code?: string | undefined; confirmCode?: string | undefined },
  session: { tokenHash: string },
  org: { orgId: string },
): Promise<LinkStatus> => {
  const stateHash = hashToken(input.state);
  let state: LinkState;
  try {
    state = await ownState(input.state, session, org);
  } catch (error) {
    if (error instanceof AppError && error.extra['reason'] === 'otherSession' && input.auth_code) {
      await endLink(stateHash, { link: 'refused', reason: 'otherSession' });
    }
    throw error;
  }
  if (state.link === 'linked' || state.link === 'refused' || state.link === 'failed') return statusOf(state);

  let codeHash: string;
  if (input.auth_code) codeHash = hashToken(input.auth_code);
  else if (input.confirmCode) {
    if (!state.phone) throw new ValidationError('confirmCode: no phone has come back from WeChat for this authorization yet', { problem: { field: 'confirmCode', rule: 'authorize.noPhoneYet' } });
    if (state.phone.tries >= phoneTries) throw new ForbiddenError('confirmCode: too many wrong codes; start the authorization again', { field: 'confirmCode', rule: 'authorize.tooManyCodes' });
    if (!sameSecret(hashToken(input.confirmCode), state.phone.pairHash)) {
      await countPhoneTry(stateHash, state.phone.tries);
      if (state.phone.tries + 1 >= phoneTries) await endLink(stateHash, { link: 'refused', reason: 'confirmCode' });
      throw new ValidationError('confirmCode: is not the code the phone shows', { problem: { field: 'confirmCode', rule: 'authorize.codeWrong' } });
    }
    codeHash = state.phone.codeHash;
  } else throw new ValidationError('auth_code: is required (or confirmCode, after a return on a phone)', { problem: { field: 'auth_code', rule: 'authorize.codeRequired' } });

  if (!(await markWaiting(stateHash, codeHash))) {
    const now = await readLinkState(stateHash, linkPurpose);
    if (now && now.link !== 'waiting') return statusOf(now);
    throw new ForbiddenError('auth_code: this authorization is waiting for another code', { field: 'auth_code', rule: 'authorize.otherCode' });
  }
  const grant = await recordReturn(codeHash, stateHash, state.expiresAt);
  if (grant.preAuthHash) await finishLink(grant, { ...state, link: 'waiting', codeHash });
  return statusOf((await readLinkState(stateHash, linkPurpose)) ?? state);
};

/** WeChat's `authorized` push: recorded; if the starting session is back already, the link completes now. */
export const onAuthorizedPush = async (push: { code: string; preAuthCode: string; appid: string; expiresAt: number }): Promise<void> => {
  const grant = await recordPush(hashToken(push.code), { preAuthHash: hashToken(push.preAuthCode), appid: push.appid, code: push.code }, push.expiresAt);
  // Every state that came back with this code hears the verdict: the one of this pre_auth_code links, others are refused.
  for (const stateHash of grant.stateHashes) {
    const state = await readLinkState(stateHash, linkPurpose);
    if (state && state.link === 'waiting' && state.codeHash === grant.codeHash) await finishLink(grant, state);
  }
};

const componentAccount = (
  orgId: string,
  appid: string,
  auth: Awaited<ReturnType<typeof queryAuth>>,
  info: Awaited<ReturnType<typeof getAuthorizerInfo>>,
  existing: Account | undefined,
): Account => {
  const now = new Date().toISOString();
  return {
    appid,
    orgId,
    mode: 'component',
    status: 'authorized',
    nickname: info.nick_name ?? '',
    ...(info.head_img ? { headImg: info.head_img } : {}),
    ...(info.principal_name ? { principalName: info.principal_name } : {}),
    ...(info.service_type_info ? { serviceType: info.service_type_info.id } : {}),
    ...(info.verify_type_info ? { verifyType: info.verify_type_info.id } : {}),
    ...(info.user_name ? { originalId: info.user_name } : {}),
    funcInfo: (auth.func_info ?? []).map((f) => f.funcscope_category.id),
    authorizerRefreshToken: auth.authorizer_refresh_token,
    ...keptSettings(existing),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
};

/**
 * Both halves are here: exchange the code once and link the account to the state's organization.
 * An account another organization owns moves here: a fresh authorization is proof of control.
 * Never throws: the outcome is written on the state, where the console reads it.
 */
const finishLink = async (grant: AuthGrant, state: LinkState): Promise<void> => {
  const stateHash = state.stateHash;
  if (grant.preAuthHash !== state.data['preAuthHash']) {
    await endLink(stateHash, { link: 'refused', reason: 'auth_code: was issued for another authorization than this one' });
    return;
  }
  if (!(await claimGrant(grant.codeHash))) return;
  const orgId = String(state.data['orgId']);
  const userId = String(state.data['userId']);
  try {
    // The push may come minutes later: the member must still be signed in there and still an admin.
    const [session, membership] = await Promise.all([getLiveSession(String(state.data['sessionHash'])), getMembership(orgId, userId)]);
    if (!session || !membership || !roleAllows(membership.role, 'admin')) {
      await endLink(stateHash, { link: 'refused', reason: 'session: signed out, or no longer an admin of the organization' });
      return;
    }
    if (!grant.code) throw new Error('the push kept no code');
    const auth = await queryAuth(grant.code);
    const appid = auth.authorizer_appid;
    const info = await getAuthorizerInfo(appid);
    // Twice at most: another link of the same account may land between our read and our write.
    let movedFrom: string | undefined;
    let existing: Account | undefined;
    for (let attempt = 1; ; attempt++) {
      existing = await getAccount(appid);
      if (existing && existing.orgId !== orgId) {
        const previous = existing;
        const moved = await moveToProver(appid, previous.orgId, orgId, 'authorization', (to, orgName) =>
          accountMovedMail(to, { appid, nickname: info.nick_name ?? previous.nickname }, orgName),
        );
        if (moved) movedFrom = previous.orgId;
        else if (attempt < 2) continue;
        else throw new Error(`appid: ${appid} changed owner meanwhile`);
      }
      try {
        // Written whole: a TTL left by an unbind goes with the old item.
        await saveAccount(componentAccount(orgId, appid, auth, info, existing));
        break;
      } catch (error) {
        if (!(error instanceof AccountTakenError) || attempt >= 2) throw error;
      }
    }
    if (existing?.status === 'unbound') await releaseHeld(appid);
    await putToken({ kind: 'authorizer', appid }, auth.authorizer_access_token, Date.now() + auth.expires_in * 1000);
    await endLink(stateHash, { link: 'linked', appid, ...(movedFrom ? { movedFrom } : {}) });
  } catch (error) {
    logger.error('authorization could not be completed', { error });
    await endLink(stateHash, { link: 'failed', reason: error instanceof Error ? error.message : String(error) });
  }
};
