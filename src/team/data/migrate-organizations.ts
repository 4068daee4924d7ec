import { GetCommand, PutCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { moveAccount } from '../../core/data/accounts';
import { cancellationReasons, db, isConditionFailure, table } from '../../core/data/client';
import { newOrganizationWrites } from '../../core/data/organizations';

/**
 * One-off migration to organizations: every user gets an organization of their own (they are its
 * owner, it becomes their default), and every account a user owned moves to that organization.
 *
 * Idempotent: a user's organization id is derived from the user id, and every write is
 * conditional (the organization and its owner only if absent, the default only if unset, an
 * account only while it still names its old owner), so a repeat changes nothing.
 * Resumable: after each page the scan's position is saved in a progress item; a run starts where
 * the last one stopped (a finished migration starts over and finds nothing to do).
 * Run with bin/migrate-organizations.ts.
 *   MIGRATION#organizations / PROGRESS   lastKey, pages, done, updatedAt
 */
export const progressKey = { pk: 'MIGRATION#organizations', sk: 'PROGRESS' };

/** The organization the migration founds for a user who had none (the same on every run). */
export const migratedOrgId = (userId: string): string => `org-${userId}`;

export interface MigrationCounts {
  scanned: number;
  organizations: number;
  accounts: number;
}

interface Progress {
  lastKey?: Record<string, unknown>;
  pages: number;
  done: boolean;
}

const readProgress = async (): Promise<Progress | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: progressKey, ConsistentRead: true }));
  return Item ? { ...(Item['lastKey'] ? { lastKey: Item['lastKey'] as Record<string, unknown> } : {}), pages: Item['pages'] as number, done: Item['done'] as boolean } : undefined;
};

const saveProgress = async (progress: Progress): Promise<void> => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { ...progressKey, type: 'migration', ...progress, updatedAt: new Date().toISOString() },
    }),
  );
};

const getProfile = async (userId: string) =>
  (await db.send(new GetCommand({ TableName: table(), Key: { pk: `USER#${userId}`, sk: 'PROFILE' }, ConsistentRead: true }))).Item;

/** The user's own organization: made with them as owner unless it exists; answers its id and whether it was made now. */
const ensureOrganization = async (profile: Record<string, unknown>): Promise<{ orgId: string; made: boolean }> => {
  const userId = String(profile['id']);
  if (typeof profile['defaultOrgId'] === 'string') return { orgId: profile['defaultOrgId'], made: false };
  const orgId = migratedOrgId(userId);
  let made = true;
  try {
    const org = { orgId, name: String(profile['username']), createdAt: new Date().toISOString(), createdBy: userId };
    await db.send(
      new TransactWriteCommand({
        TransactItems: newOrganizationWrites(org, { userId, username: String(profile['username']), email: String(profile['email']) }) as never,
      }),
    );
  } catch (error) {
    // Made by an earlier (interrupted) run: organization and owner are written together, so both are there.
    if (!cancellationReasons(error)?.includes('ConditionalCheckFailed')) throw error;
    made = false;
  }
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `USER#${userId}`, sk: 'PROFILE' },
        UpdateExpression: 'SET defaultOrgId = :org',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(defaultOrgId)',
        ExpressionAttributeValues: { ':org': orgId },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  return { orgId, made };
};

/** One page of the scan: users get their organization, accounts of the old shape move to their owner's. */
export const migrateOrganizationsPage = async (startKey: Record<string, unknown> | undefined, pageSize = 100) => {
  const page = await db.send(
    new ScanCommand({
      TableName: table(),
      Limit: pageSize,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      FilterExpression: '(begins_with(pk, :user) AND sk = :profile) OR (begins_with(pk, :account) AND sk = :account_sk AND attribute_exists(ownerId))',
      ExpressionAttributeValues: { ':user': 'USER#', ':profile': 'PROFILE', ':account': 'ACCOUNT#', ':account_sk': 'ACCOUNT' },
    }),
  );
  const counts: MigrationCounts = { scanned: page.ScannedCount ?? 0, organizations: 0, accounts: 0 };
  for (const item of page.Items ?? []) {
    if (item['sk'] === 'PROFILE') {
      if ((await ensureOrganization(item)).made) counts.organizations += 1;
      continue;
    }
    // An account of the old shape: its owner's organization first (the user may come later in the scan).
    const owner = await getProfile(String(item['ownerId']));
    if (!owner) continue;
    const { orgId, made } = await ensureOrganization(owner);
    if (made) counts.organizations += 1;
    if (await moveAccount(String(item['appid']), { legacyUserId: String(item['ownerId']) }, orgId)) counts.accounts += 1;
  }
  return { counts, nextKey: page.LastEvaluatedKey };
};

/**
 * Runs from where the last run stopped to the end, saving the position after each page.
 * `stopAfterPages` ends a run early (an operator's partial run, and the tests' interruption).
 */
export const migrateOrganizations = async (
  options: { pageSize?: number; stopAfterPages?: number; onPage?: (counts: MigrationCounts, pages: number) => void } = {},
): Promise<MigrationCounts & { done: boolean }> => {
  const earlier = await readProgress();
  let progress: Progress = earlier && !earlier.done ? earlier : { pages: 0, done: false };
  const total: MigrationCounts = { scanned: 0, organizations: 0, accounts: 0 };
  let pagesThisRun = 0;
  do {
    if (options.stopAfterPages !== undefined && pagesThisRun >= options.stopAfterPages) return { ...total, done: false };
    const { counts, nextKey } = await migrateOrganizationsPage(progress.lastKey, options.pageSize);
    total.scanned += counts.scanned;
    total.organizations += counts.organizations;
    total.accounts += counts.accounts;
    pagesThisRun += 1;
    progress = { ...(nextKey ? { lastKey: nextKey } : {}), pages: progress.pages + 1, done: !nextKey };
    await saveProgress(progress);
    options.onPage?.(counts, progress.pages);
  } while (!progress.done);
  return { ...total, done: true };
};
