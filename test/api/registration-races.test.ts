import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { aUser } from '../support/users';

const register = (form: Record<string, string>) => call('/apis/user/register', { form });

describe('registration uniqueness under concurrency', () => {
  it('lets exactly one of 20 concurrent registrations of one username through', async () => {
    // Prepare: one username, 20 different e-mails
    const base = aUser();
    const attempts = Array.from({ length: 20 }, (_, i) => ({ ...base, email: `${i}-${base.email}` }));

    // Act
    const answers = await Promise.all(attempts.map((a) => register({ ...a })));

    // Assess
    const codes = answers.map((a) => a.body.errcode).sort();
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 40900)).toHaveLength(19);
    for (const a of answers.filter((a) => a.body.errcode !== 0)) {
      expect(a.status).toBe(409);
      expect(a.body.field).toBe('username');
    }
  });

  it('lets exactly one of 20 concurrent registrations of one e-mail in different case hold it, and answers all 20 alike', async () => {
    const base = aUser();
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const email = i % 2 ? base.email.toUpperCase() : base.email.replace(/^./, (c) => c.toUpperCase());
      return { ...base, username: `${base.username}_${i}`, email };
    });

    const answers = await Promise.all(attempts.map((a) => register({ ...a })));

    // An address in use is not revealed (issue 22): every registration answers 0 ...
    expect(answers.map((a) => [a.status, a.body.errcode])).toEqual(attempts.map(() => [200, 0]));
    // ... and exactly one of them holds the address.
    const { Item } = await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: { pk: `EMAIL#${base.email.toLowerCase()}`, sk: 'EMAIL' }, ConsistentRead: true }));
    const ids = answers.map((a) => a.body.user.id);
    expect(ids).toContain(Item?.['userId']);
    const holders = await Promise.all(
      ids.map(async (id) => (await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: { pk: `USER#${id}`, sk: 'PROFILE' }, ConsistentRead: true }))).Item),
    );
    expect(holders.filter((p) => p && !p['addressInUse'])).toHaveLength(1);
  });

  it('treats usernames case-insensitively', async () => {
    const user = aUser();
    await register({ ...user });

    const again = await register({ ...aUser(), username: user.username.toUpperCase() });

    expect(again.body).toMatchObject({ errcode: 40900, field: 'username', rule: 'username.taken' });
  });
});
