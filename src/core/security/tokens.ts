import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret of 256 random bits, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What the table stores instead of the token: a leaked table yields no usable session. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
