import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ItemConflict } from '../../core/data/errors';
import { cancellationReasons, db, table } from '../../core/data/client';
import '../rule-texts';

/**
 * Users. Uniqueness of username and e-mail is kept by marker items written in the same
 * transaction as the profile, each guarded by a condition: race-free without a scan.
 *
 *   USER#<id>            / PROFILE   the profile
 *   USERNAME#<lower>     / USERNAME  -> userId   login finds the user by the exact name (case-insensitive)
 *   USERKEY#<key>        / USERKEY   -> userId   the lookalike guard: ../username-key.ts (NFKC case
 *                                                folding + UTS #39 skeleton); users from before it get
 *                                                one from bin/migrate-username-keys.ts
 *   EMAIL#<lower>        / EMAIL     -> userId   the one registration that holds the address
 *
 * A marker is taken with `attribute_not_exists(pk)`, or from a named holder that lost its claim
 * (`userId = :old`: an unverified registration older than 24 hours, or any unverified one when the
 * address is proven): ../register.ts and ./verification-tokens.ts decide, ./stale-registrations.ts
 * removes the loser in the same transaction.
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
  /** The key of the lookalike guard this user holds (../username-key.ts). */
  usernameKey?: string;
  /**
   * The address was held by another registration when this one was made, so this one does not hold
   * it (yet): verifying the address (a link mailed to it) takes it from an unverified holder.
   */
  addressInUse?: boolean;
}

export const userKey = (id: string) => ({ pk: `USER#${id}`, sk: 'PROFILE' });
export const usernameKey = (username: string) => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: 'USERNAME' });
export const emailKey = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' });
export const usernameGuardKey = (key: string) => ({ pk: `USERKEY#${key}`, sk: 'USERKEY' });

export class UsernameTakenError extends ItemConflict {
  override name = 'UsernameTakenError';
  constructor(lookalike = false) {
    super(lookalike ? 'username: too like a registered username (lookalike letters, case or width): choose another' : 'username: already taken', {
      rule: lookalike ? 'username.lookalike' : 'username.taken',
    });
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

/** A marker the new user takes: free (`replacing` absent), or from the registration that loses it. */
export interface MarkerClaim {
  key: { pk: string; sk: string };
  type: 'username' | 'usernameKey' | 'email';
  replacing?: string;
}

export const markerPut = (claim: MarkerClaim, userId: string) => ({
  Put: {
    TableName: table(),
    Item: { ...claim.key, type: claim.type, userId },
    ...(claim.replacing
      ? { ConditionExpression: 'userId = :old', ExpressionAttributeValues: { ':old': claim.replacing } }
      : { ConditionExpression: 'attribute_not_exists(pk)' }),
  },
});

/**
 * Writes the user with the markers it claims; `alsoWrite` joins the same transaction (the user's own
 * organization, an invitation, the removal of registrations that lost a marker). A claim that no
 * longer holds (someone else took the marker meanwhile) is UsernameTakenError or EmailTakenError.
 */
export const createUser = async (user: User, claims: MarkerClaim[], alsoWrite: Record<string, unknown>[] = []): Promise<void> => {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table(), Item: toItem(user), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...claims.map((claim) => markerPut(claim, user.id)),
          ...alsoWrite,
        ] as never,
      }),
    );
  } catch (error) {
    const reasons = cancellationReasons(error);
    // Two racing writers of the same marker can also meet as a TransactionConflict.
    const lost = (i: number) => reasons?.[i + 1] === 'ConditionalCheckFailed' || reasons?.[i + 1] === 'TransactionConflict';
    const lostClaim = claims.find((_, i) => lost(i));
    if (lostClaim) throw lostClaim.type === 'email' ? new EmailTakenError() : new UsernameTakenError(lostClaim.type === 'usernameKey');
    throw error;
  }
};

/** Who holds a marker (a user id), if anyone. */
export const holderOf = async (key: { pk: string; sk: string }): Promise<string | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return Item?.['userId'] as string | undefined;
};

/**
 * Takes back a registration that could not be finished (its verification mail refused): the
 * profile, its `markers` (username, lookalike guard, address: each only while it names this user) and `alsoDelete` (what was written with it: its organization, the link's
 * token) in one transaction, so either all of it goes or none. The profile goes only while still
 * unverified and each marker only while it names this user: nothing another request wrote since is
 * touched.
 */
export const withdrawNewUser = async (user: Pick<User, 'id'>, markers: { pk: string; sk: string }[], alsoDelete: { pk: string; sk: string }[]): Promise<void> => {
  const ifStillThisUser = { ConditionExpression: 'attribute_not_exists(pk) OR userId = :id', ExpressionAttributeValues: { ':id': user.id } };
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Delete: {
            TableName: table(),
            Key: userKey(user.id),
            ConditionExpression: 'attribute_not_exists(pk) OR verified = :no',
            ExpressionAttributeValues: { ':no': false },
          },
        },
        ...markers.map((key) => ({ Delete: { TableName: table(), Key: key, ...ifStillThisUser } })),
        ...alsoDelete.map((key) => ({ Delete: { TableName: table(), Key: key } })),
      ],
    }),
  );
};

export const getUser = async (id: string): Promise<User | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: userKey(id), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
};

export const getUserByUsername = async (username: string): Promise<User | undefined> => {
  const id = await holderOf(usernameKey(username));
  return id ? getUser(id) : undefined;
};

export const getUserByEmail = async (email: string): Promise<User | undefined> => {
  const id = await holderOf(emailKey(email));
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
export const deleteUser = async (user: Pick<User, 'id' | 'username' | 'email' | 'usernameKey'>): Promise<void> => {
  const markerOf = (key: { pk: string; sk: string }) => ({
    Delete: { TableName: table(), Key: key, ConditionExpression: 'attribute_not_exists(pk) OR userId = :id', ExpressionAttributeValues: { ':id': user.id } },
  });
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: table(), Key: userKey(user.id) } },
        markerOf(usernameKey(user.username)),
        ...(user.usernameKey ? [markerOf(usernameGuardKey(user.usernameKey))] : []),
        markerOf(emailKey(user.email)),
      ],
    }),
  );
};

/**
 * The update that sets a new password hash, for the caller's own transaction (a reset spends its
 * link in the same one). A reset also proves the address, so it may mark the user verified.
 */
export const passwordWrite = (id: string, passwordHash: string, options: { verify?: string } = {}) => ({
  Update: {
    TableName: table(),
    Key: userKey(id),
    UpdateExpression: options.verify ? 'SET passwordHash = :h, verified = :t, verifiedAt = if_not_exists(verifiedAt, :at)' : 'SET passwordHash = :h',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':h': passwordHash, ...(options.verify ? { ':t': true, ':at': options.verify } : {}) },
  },
});

export const setPasswordHash = async (id: string, passwordHash: string): Promise<void> => {
  await db.send(new UpdateCommand(passwordWrite(id, passwordHash).Update));
};

/**
 * The writes that move a user from one e-mail address to another, for the caller's transaction:
 * the new marker (refused when another user holds it: index 1), the old one released (only if it is
 * still this user's), the profile changed only if it still has the old address (index 2).
 */
export const emailChangeWrites = (id: string, from: string, to: string) => {
  const same = from.toLowerCase() === to.toLowerCase();
  return [
    ...(same
      ? []
      : [
          {
            Delete: {
              TableName: table(),
              Key: emailKey(from),
              ConditionExpression: 'attribute_not_exists(pk) OR userId = :id',
              ExpressionAttributeValues: { ':id': id },
            },
          },
        ]),
    {
      Put: {
        TableName: table(),
        Item: { ...emailKey(to), type: 'email', userId: id },
        ConditionExpression: 'attribute_not_exists(pk) OR userId = :id',
        ExpressionAttributeValues: { ':id': id },
      },
    },
    {
      Update: {
        TableName: table(),
        Key: userKey(id),
        UpdateExpression: 'SET email = :to',
        ConditionExpression: 'email = :from',
        ExpressionAttributeValues: { ':to': to, ':from': from },
      },
    },
  ];
};
