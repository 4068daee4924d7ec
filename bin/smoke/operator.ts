import { deleteAccount } from '../../src/core/data/accounts';
import { deleteObject, objectSize } from '../../src/core/uploads/s3';
import { deleteUser, getUserByUsername, markUserVerified } from '../../src/users/data/users';
import { deleteVerificationToken } from '../../src/users/data/verification-tokens';
import { deleteTokens } from '../../src/wechat/data/tokens';
import { fail } from './steps';

/**
 * What the operator does with their own AWS credentials, never through the API: the product's data
 * modules (one writer of each item's shape) against the table and bucket named on the command line.
 * The modules read TABLE_NAME / BUCKET_NAME when they run; each call here sets them for its duration
 * and puts back what was there (the test suite calls this beside its own use of the modules).
 */
export interface Storage {
  table: string;
  bucket?: string | undefined;
}

const withEnvironment = async <T>(values: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> => {
  const before = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(entries)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(values);
  try {
    return await fn();
  } finally {
    apply(before);
  }
};

const inTable = <T>(storage: Storage, fn: () => Promise<T>) => withEnvironment({ TABLE_NAME: storage.table }, fn);

/** The admin command: marks the user verified in the table (bin/admin-verify-user.ts uses it too). Answers the user's id. */
export const verifyUser = (storage: Storage, username: string): Promise<string> =>
  inTable(storage, async () => {
    const user = await getUserByUsername(username);
    if (!user) return fail(`no user ${username} in table ${storage.table}`);
    await markUserVerified(user.id);
    return user.id;
  });

/** Removes the user's items (profile, markers, pending link); answers false when there was no such user. */
export const removeUser = (storage: Storage, username: string): Promise<boolean> =>
  inTable(storage, async () => {
    const user = await getUserByUsername(username);
    if (!user) return false;
    if (user.verificationTokenHash) await deleteVerificationToken(user.verificationTokenHash);
    await deleteUser(user);
    return true;
  });

/** Unbinds a direct-mode account the user owns: its item and its WeChat tokens. */
export const removeAccount = (storage: Storage, appid: string, ownerId: string): Promise<boolean> =>
  inTable(storage, async () => {
    const removed = await deleteAccount(appid, ownerId);
    if (removed) {
      await deleteTokens([
        { kind: 'direct', appid },
        { kind: 'jsapi', appid },
      ]);
    }
    return removed;
  });

const inBucket = <T>(storage: Storage, fn: () => Promise<T>) => withEnvironment({ BUCKET_NAME: storage.bucket }, fn);

export const stagedSize = (storage: Storage, key: string): Promise<number | undefined> => inBucket(storage, () => objectSize(key));

export const removeStaged = (storage: Storage, key: string): Promise<void> => inBucket(storage, () => deleteObject(key));
