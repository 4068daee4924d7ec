import { ConflictError, NotFoundError } from '../core/errors';
import { setMemberEmail } from '../core/data/organizations';
import { hashToken } from '../core/security/tokens';
import { consumeUserLink, deleteUserLink, getUserLink, LinkEffectRefused } from './data/user-links';
import { emailChangeWrites, getUser } from './data/users';
import { revokeSessions } from './sessions';
import './rule-texts';

/** Following the undo link mailed to the old address (./email-change.ts sends it). */
const gone = (what: string) => new NotFoundError(`token: the link is unknown, already used or expired: ${what}`, { field: 'token', rule: 'link.emailChangeGone' });

/**
 * Undoes a change from the old address's mail: a pending change is cancelled, a confirmed one put
 * back, and every session ends (whoever changed it is signed out).
 */
export const revertEmail = async (token: string, now = Date.now()): Promise<{ email: string }> => {
  const link = await getUserLink(hashToken(token), 'revert', now);
  const user = link && (await getUser(link.userId));
  if (!link || !user) throw gone('if the address is not yours, use "forgot password" from the login page');
  const { from = '', pending } = link.data;
  if (pending) await deleteUserLink(pending);
  try {
    const writes = user.email === from ? [] : emailChangeWrites(user.id, user.email, from);
    if (!(await consumeUserLink(link, writes, now))) throw gone('it was used already');
  } catch (error) {
    if (error instanceof LinkEffectRefused) throw new ConflictError('email: the old address was registered by another user meanwhile', { field: 'email', rule: 'email.taken' });
    throw error;
  }
  await revokeSessions(user.id, '', true);
  await setMemberEmail(user.id, from);
  return { email: from };
};
