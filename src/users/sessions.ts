import { deleteSession, listUserSessions, type Session } from '../core/data/sessions';

/**
 * A user's sessions as the sessions list shows them: a short id (the start of the token's hash,
 * which is no token and cannot be turned into one), when and from where it was opened, and which
 * one is asking.
 */
export interface SessionView {
  id: string;
  createdAt: string;
  expiresAt: string;
  userAgent?: string;
  ip?: string;
  current: boolean;
}

/** The start of a token's SHA-256 (hex): enough to tell a user's sessions apart. */
export const sessionId = (tokenHash: string): string => tokenHash.slice(0, 16);

export const sessionView = (session: Session, currentHash: string): SessionView => ({
  id: sessionId(session.tokenHash),
  createdAt: session.createdAt,
  expiresAt: new Date(session.expiresAt * 1000).toISOString(),
  ...(session.userAgent ? { userAgent: session.userAgent } : {}),
  ...(session.ip ? { ip: session.ip } : {}),
  current: session.tokenHash === currentHash,
});

/** The user's live sessions, newest first. */
export const listSessions = async (userId: string, currentHash: string): Promise<SessionView[]> =>
  (await listUserSessions(userId)).reverse().map((s) => sessionView(s, currentHash));

/**
 * Signs the user out of every session but the one asking (or of all, `all`): each is deleted, so
 * its token is refused at once. Returns how many were ended.
 */
export const revokeSessions = async (userId: string, currentHash: string, all = false): Promise<number> => {
  const ended = (await listUserSessions(userId)).filter((s) => all || s.tokenHash !== currentHash);
  await Promise.all(ended.map((s) => deleteSession(s.tokenHash)));
  return ended.length;
};
