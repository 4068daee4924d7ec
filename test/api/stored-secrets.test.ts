import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanAll } from '../support/dynamo';
import { loggedInUser } from '../support/users';

describe('what the table stores', () => {
  it('holds no plain session token and no plain password, only their hashes', async () => {
    // Prepare
    const user = await loggedInUser();

    // Act
    const items = await scanAll();
    const everything = JSON.stringify(items);

    // Assess
    expect(everything).not.toContain(user.token);
    expect(everything).not.toContain(user.password);
    const session = items.find((i) => i['pk'] === `SESSION#${createHash('sha256').update(user.token).digest('hex')}`);
    expect(session).toMatchObject({ userId: user.id });
    expect(session!['ttl']).toBe(session!['expiresAt']);
    const profile = items.find((i) => i['pk'] === `USER#${user.id}`);
    expect(profile!['passwordHash']).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });
});
