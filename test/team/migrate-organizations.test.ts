import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../local/dynamodb-local';
import { listAccountsOfOrganization } from '../../src/core/data/accounts';
import { getMembership, listMembershipsOfUser } from '../../src/core/data/organizations';
import { migratedOrgId, migrateOrganizations, progressKey } from '../../src/team/data/migrate-organizations';
import { testDb } from '../support/dynamo';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The organizations migration on a copy of a populated table: a table of its own in DynamoDB
 * Local, filled with users and accounts of the shape before organizations (raw items, as the old
 * data modules wrote them), and one user of the new shape. The data modules are pointed at it.
 */
const copy = `orgmig-${randomUUID().slice(0, 8)}`;
const now = new Date().toISOString();

interface OldUser {
  id: string;
  username: string;
  email: string;
  appids: string[];
}

const oldUsers: OldUser[] = Array.from({ length: 8 }, (_, i) => ({
  id: randomUUID(),
  username: `old_${i}`,
  email: `old${i}@example.com`,
  // Some users with no account, some with one, some with two.
  appids: Array.from({ length: i % 3 }, (_, j) => `wxold${i}${j}${randomUUID().slice(0, 6)}`),
}));

const put = (item: Record<string, unknown>) => testDb().send(new PutCommand({ TableName: copy, Item: item }));
const get = async (pk: string, sk: string) => (await testDb().send(new GetCommand({ TableName: copy, Key: { pk, sk }, ConsistentRead: true }))).Item;
const scanCopy = async () => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await testDb().send(new ScanCommand({ TableName: copy, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.filter((i) => i['pk'] !== progressKey.pk).sort((a, b) => `${a['pk']}|${a['sk']}`.localeCompare(`${b['pk']}|${b['sk']}`));
};

describe('the organizations migration', () => {
  const suiteTable = process.env['TABLE_NAME'];
  const modern = { id: randomUUID(), orgId: randomUUID(), appid: `wxnew${randomUUID().slice(0, 8)}` };

  beforeAll(async () => {
    await ensureTable(inject('dynamoEndpoint'), copy);
    for (const u of oldUsers) {
      await put({ pk: `USER#${u.id}`, sk: 'PROFILE', type: 'user', id: u.id, username: u.username, email: u.email, passwordHash: 'x', verified: true, createdAt: now });
      await put({ pk: `USERNAME#${u.username}`, sk: 'USERNAME', type: 'username', userId: u.id });
      for (const appid of u.appids) {
        await put({
          pk: `ACCOUNT#${appid}`,
          sk: 'ACCOUNT',
          type: 'account',
          gsi1pk: `USER#${u.id}`,
          gsi1sk: `ACCOUNT#${appid}`,
          appid,
          ownerId: u.id,
          mode: 'direct',
          status: 'authorized',
          nickname: appid,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
    // A user registered after the deploy: their organization exists, their account is of the new shape.
    await put({ pk: `USER#${modern.id}`, sk: 'PROFILE', type: 'user', id: modern.id, username: 'modern', email: 'modern@example.com', passwordHash: 'x', verified: true, createdAt: now, defaultOrgId: modern.orgId });
    await put({ pk: `ORG#${modern.orgId}`, sk: 'ORG', type: 'organization', orgId: modern.orgId, name: 'modern', createdAt: now, createdBy: modern.id });
    await put({ pk: `ORG#${modern.orgId}`, sk: `MEMBER#${modern.id}`, type: 'member', gsi1pk: `MEMBERS#${modern.id}`, gsi1sk: `ORG#${modern.orgId}`, orgId: modern.orgId, userId: modern.id, role: 'owner', username: 'modern', email: 'modern@example.com', orgName: 'modern', joinedAt: now });
    await put({ pk: `ACCOUNT#${modern.appid}`, sk: 'ACCOUNT', type: 'account', gsi1pk: `ORG#${modern.orgId}`, gsi1sk: `ACCOUNT#${modern.appid}`, appid: modern.appid, orgId: modern.orgId, mode: 'direct', status: 'authorized', nickname: 'n', createdAt: now, updatedAt: now });
    process.env['TABLE_NAME'] = copy;
  });

  afterAll(() => {
    process.env['TABLE_NAME'] = suiteTable;
  });

  it('interrupted halfway and resumed, then run again: every user owns an organization holding their accounts, and the second run changes nothing', async () => {
    // Act 1: a run stopped after two pages of three items.
    const first = await migrateOrganizations({ pageSize: 3, stopAfterPages: 2 });

    // Assess 1: stopped with its position saved; part of the table done, part not.
    expect(first.done).toBe(false);
    const marker = await get(progressKey.pk, progressKey.sk);
    expect(marker).toMatchObject({ pages: 2, done: false });
    expect(marker!['lastKey']).toBeDefined();
    const migratedSoFar = await Promise.all(oldUsers.map(async (u) => (await get(`USER#${u.id}`, 'PROFILE'))!['defaultOrgId'] !== undefined));
    expect(migratedSoFar.filter(Boolean).length).toBeLessThan(oldUsers.length);

    // Act 2: resumed.
    const second = await migrateOrganizations({ pageSize: 3 });

    // Assess 2: it went on from the saved position (not from the start), to the end.
    expect(second.done).toBe(true);
    // A scan whose last page is exactly full hands back a key, and one more (empty) page follows.
    const resumedPages = marker!['pages'] as number + Math.ceil(second.scanned / 3);
    const finished = await get(progressKey.pk, progressKey.sk);
    expect(finished).toMatchObject({ done: true });
    expect([resumedPages, resumedPages + 1]).toContain(finished!['pages']);
    expect(first.organizations + second.organizations).toBe(oldUsers.length);
    expect(first.accounts + second.accounts).toBe(oldUsers.flatMap((u) => u.appids).length);
    for (const u of oldUsers) {
      const orgId = migratedOrgId(u.id);
      expect(await get(`USER#${u.id}`, 'PROFILE')).toMatchObject({ defaultOrgId: orgId });
      expect(await getMembership(orgId, u.id)).toMatchObject({ role: 'owner', username: u.username, email: u.email });
      expect((await listMembershipsOfUser(u.id)).map((m) => m.orgId)).toEqual([orgId]);
      expect((await listAccountsOfOrganization(orgId)).map((a) => a.appid).sort()).toEqual([...u.appids].sort());
      for (const appid of u.appids) {
        const item = (await get(`ACCOUNT#${appid}`, 'ACCOUNT'))!;
        expect(item).toMatchObject({ orgId, gsi1pk: `ORG#${orgId}`, nickname: appid });
        expect(item['ownerId']).toBeUndefined();
      }
    }
    // The user of the new shape kept their own organization and account, and got no second one.
    expect(await get(`ORG#${migratedOrgId(modern.id)}`, 'ORG')).toBeUndefined();
    expect((await listAccountsOfOrganization(modern.orgId)).map((a) => a.appid)).toEqual([modern.appid]);
    const before = await scanCopy();

    // Act 3: the whole migration once more.
    const third = await migrateOrganizations({ pageSize: 3 });

    // Assess 3: nothing made, nothing moved, every item as it was.
    expect(third).toMatchObject({ done: true, organizations: 0, accounts: 0 });
    expect(await scanCopy()).toEqual(before);
  }, 60_000);
});
