import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ItemConflict } from '../../core/data/errors';
import { cancellationReasons, db, table } from '../../core/data/client';

/**
 * Users. Uniqueness of username and e-mail is kept by two marker items written in the same
 * transaction as the profile, each guarded by attribute_not_exists: race-free without a scan.
 *
 *   USER#<id>            / PROFILE   the profile
 *   USERNAME#<lower>     / USERNAME  -> userId
 *   EMAIL#<lower>        / EMAIL     -> userId
 */
export interface User {
  id: string;
  username: string;
  email: string;
  passwordHash: string;
  verified: boolean;
  createdAt: string;
  verifiedAt?: string;
  logoKey?: string;
  /** SHA-256 of the newest verification link's token: only that link verifies. */
  verificationTokenHash?: string;
  /** The organization a session acts in when a request names none: the user's own, made at registration. */
  defaultOrgId?: string;
}

export const userKey = (id: string) => ({ pk: `USER#${id}`, sk: 'PROFILE' });
export const usernameKey = (username: string) => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: 'USERNAME' });
export const emailKey = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' });

export class UsernameTakenError extends ItemConflict {
  override name = 'UsernameTakenError';
  constructor() {
    super('username: already taken');
  }
}

export class EmailTakenError extends ItemConflict {
  override name = 'EmailTakenError';
  constructor() {
    super('email: already registered');
  }
}

const toItem = (user: User) => ({ ...userKey(user.id), type: 'user', ...user });

const fromItem = (item: Record<string, unknown>): User => {
  const { pk: _pk, sk: _sk, type: _type, ...user } = item;
  return user as unknown as User;
};

/** Writes the user with its markers; `alsoWrite` joins the same transaction (the user's own organization). */
export const createUser = async (user: User, alsoWrite: Record<string, unknown>[] = []): Promise<void> => {
  const notExists = 'attribute_not_exists(pk)';
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table(), Item: toItem(user), ConditionExpression: notExists } },
          {
            Put: {
              TableName: table(),
              Item: { ...usernameKey(user.username), type: 'username', userId: user.id },
              ConditionExpression: notExists,
            },
          },
          {
            Put: {
              TableName: table(),
              Item: { ...emailKey(user.email), type: 'email', userId: user.id },
              ConditionExpression: notExists,
            },
          },
          ...alsoWrite,
        ] as never,
      }),
    );
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[1] === 'ConditionalCheckFailed') throw new UsernameTakenError();
    if (reasons?.[2] === 'ConditionalCheckFailed') throw new EmailTakenError();
    // Two racing writers of the same marker can also meet as a TransactionConflict.
    if (reasons?.[1] === 'TransactionConflict') throw new UsernameTakenError();
    if (reasons?.[2] === 'TransactionConflict') throw new EmailTakenError();
    throw error;
  }
};

export const getUser = async (id: string): Promise<User | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: userKey(id), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
};

const userIdBy = async (key: { pk: string; sk: string }): Promise<string | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return Item?.['userId'] as string | undefined;
};

export const getUserByUsername = async (username: string): Promise<User | undefined> => {
  const id = await userIdBy(usernameKey(username));
  return id ? getUser(id) : undefined;
};

export const getUserByEmail = async (email: string): Promise<User | undefined> => {
  const id = await userIdBy(emailKey(email));
  return id ? getUser(id) : undefined;
};

/** Sets the user's logo; answers the key it replaced (its object is the caller's to delete). */
export const setUserLogo = async (id: string, logoKey: string): Promise<string | undefined> => {
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: userKey(id),
      UpdateExpression: 'SET logoKey = :k',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':k': logoKey },
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  const old = Attributes?.['logoKey'];
  return typeof old === 'string' && old !== logoKey ? old : undefined;
};

/**
 * Marks the user verified without a mailed link: the operator's admin command (bin/admin-verify-user.ts,
 * the post-deploy smoke test), never a route. Refused (ConditionalCheckFailedException) for an unknown id.
 */
export const markUserVerified = async (id: string, now = new Date()): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: userKey(id),
      UpdateExpression: 'SET verified = :t, verifiedAt = if_not_exists(verifiedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':t': true, ':at': now.toISOString() },
    }),
  );
};

/**
 * Removes the user's profile and its two markers in one transaction (the username and e-mail are
 * free again; a marker another user holds by then is left alone). No route deletes a user yet: the
 * smoke test's clean-up calls this with the operator's credentials. Sessions, accounts, rules and
 * the pending verification link (./verification-tokens.ts) are the caller's to end.
 */
export const deleteUser = async (user: Pick<User, 'id' | 'username' | 'email'>): Promise<void> => {
  const markerOf = (key: { pk: string; sk: string }) => ({
    Delete: { TableName: table(), Key: key, ConditionExpression: 'attribute_not_exists(pk) OR userId = :id', ExpressionAttributeValues: { ':id': user.id } },
  });
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: table(), Key: userKey(user.id) } },
        markerOf(usernameKey(user.username)),
        markerOf(emailKey(user.email)),
      ],
    }),
  );
};
