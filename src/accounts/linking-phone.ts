import { randomInt } from 'node:crypto';
import { hashToken } from '../core/security/tokens';
import { linkPurpose, markPhoneReturn, readLinkState } from './data/auth-states';

/**
 * A return on a phone (the mobile link's redirect): no console session there, so the phone shows a
 * confirmation code for the console that waits. Answers the code, or undefined when the state is
 * unknown, expired or already answered.
 */
export const recordPhoneReturn = async (state: string, authCode: string): Promise<string | undefined> => {
  const stateHash = hashToken(state);
  const found = await readLinkState(stateHash, linkPurpose);
  if (!found || found.link !== 'started') return undefined;
  const confirmCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return (await markPhoneReturn(stateHash, { codeHash: hashToken(authCode), pairHash: hashToken(confirmCode) })) ? confirmCode : undefined;
};

