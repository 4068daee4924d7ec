import { getAccount } from '../core/data/accounts';
import { AppError, ErrorCode, ForbiddenError } from '../core/errors';
import { hashToken } from '../core/security/tokens';
import { linkPurpose, readLinkState, type LinkState } from './data/auth-states';
import './rule-texts';

/** Where a third-party authorization stands, as the session that started it may see it (src/accounts/linking.ts). */

/** What the console sees of one authorization. */
export interface LinkStatus {
  /** started: nothing back yet; phone: a phone came back, the console must type its code; waiting: back, WeChat's push not yet here. */
  status: 'started' | 'phone' | 'waiting' | 'linked' | 'refused' | 'failed';
  appid?: string;
  nickname?: string;
  /** linked: the account moved here from another organization (a fresh authorization proves control). */
  moved?: boolean;
  reason?: string;
}

export const statusOf = async (state: LinkState): Promise<LinkStatus> => {
  const status = state.link === 'started' && state.phone ? 'phone' : state.link;
  const account = state.link === 'linked' && state.appid ? await getAccount(state.appid) : undefined;
  return {
    status,
    ...(state.appid ? { appid: state.appid } : {}),
    ...(account ? { nickname: account.nickname } : {}),
    ...(state.link === 'linked' ? { moved: state.movedFrom !== undefined } : {}),
    ...(state.reason ? { reason: state.reason } : {}),
  };
};

const unknownState = () => new ForbiddenError('state: unknown or expired: start the authorization again', { field: 'state', rule: 'authorize.stateUnknown' });

/** The starting session and organization, or a refusal that says which is wrong. */
export const ownState = async (state: string, session: { tokenHash: string }, org: { orgId: string }): Promise<LinkState> => {
  const found = await readLinkState(hashToken(state), linkPurpose);
  if (!found) throw unknownState();
  if (found.data['sessionHash'] !== session.tokenHash) {
    throw new AppError(
      ErrorCode.forbidden,
      403,
      'state: this authorization was started in another browser session; nothing was linked. Start it again in the console where you are signed in',
      { extra: { reason: 'otherSession' } },
    );
  }
  if (found.data['orgId'] !== org.orgId) throw new ForbiddenError(`orgId: this authorization was started in another organization (${String(found.data['orgId'])}): switch to it`, { field: 'orgId', rule: 'authorize.otherOrganization' });
  return found;
};

/** The console polls this while it waits (the starting session only). */
export const linkStatus = async (state: string, session: { tokenHash: string }, org: { orgId: string }): Promise<LinkStatus> =>
  statusOf(await ownState(state, session, org));

