import { ConflictError, NotFoundError } from '../core/errors';
import { setMemberEmail } from '../core/data/organizations';
import { hashToken } from '../core/security/tokens';
import { consumeUserLink, getUserLink, LinkEffectRefused } from './data/user-links';
import { emailChangeWrites, getUser } from './data/users';
import './rule-texts';

/** Following the link mailed to a new address (./email-change.ts sends it). */
const gone = (what: string) => new NotFoundError(`token: the link is unknown, already used or expired: ${what}`, { field: 'token', rule: 'link.emailChangeGone' });

/** The new address proven: it replaces the old one (markers and profile in the link's transaction). */
export const confirmEmail = async (token: string, now = Date.now()): Promise<{ email: string }> => {
  const link = await getUserLink(hashToken(token), 'email', now);
  const user = link && (await getUser(link.userId));
  const { from = '', to = '' } = link?.data ?? {};
  // Reverted, or changed again since: this link no longer describes the account.
  if (!link || !user || user.email !== from) throw gone('change the address again under "account and security"');
  try {
    if (!(await consumeUserLink(link, emailChangeWrites(user.id, from, to), now))) throw gone('change the address again');
  } catch (error) {
    if (error instanceof LinkEffectRefused) throw new ConflictError('email: already registered by another user meanwhile', { field: 'email', rule: 'email.taken' });
    throw error;
  }
  await setMemberEmail(user.id, to);
  return { email: to };
};
