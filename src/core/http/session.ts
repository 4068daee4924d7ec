import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { getLiveSession, type Session } from '../data/sessions';
import { hashToken } from '../security/tokens';
import { readCookie } from './cookies';
import { UnauthorizedError } from '../errors';

export const sessionCookie = 'SocialinzenToken';
export const userCookie = 'SocialinzenUser';

/**
 * The session token from `?access_token=` (the seed's way) or `Authorization: Bearer`. The cookie
 * counts only where a route opts in (logout): accepting it everywhere would invite CSRF.
 */
export const presentedToken = (event: APIGatewayProxyEventV2, allowCookie = false): string | undefined => {
  const fromQuery = event.queryStringParameters?.['access_token'];
  if (fromQuery) return fromQuery;
  const authorization = event.headers['authorization'];
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  return allowCookie ? readCookie(event.cookies, sessionCookie) : undefined;
};

export const requireSession = async (event: APIGatewayProxyEventV2, allowCookie = false): Promise<Session> => {
  const token = presentedToken(event, allowCookie);
  // A real token is 43 base64url characters; anything far off is not worth a read.
  if (!token || token.length > 128) throw new UnauthorizedError();
  const session = await getLiveSession(hashToken(token));
  if (!session) throw new UnauthorizedError();
  return session;
};

export type { Session };
