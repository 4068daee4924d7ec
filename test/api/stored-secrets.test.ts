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
    // At the cost the suite's stack hashes with (test/support/global-setup.ts lowers it; the
    // product's own 2^15 is checked in test/security/passwords.unit.test.ts).
    const log2N = process.env['PASSWORD_HASH_LOG2N'];
    expect(log2N).toMatch(/^\d+$/);
    expect(profile!['passwordHash']).toMatch(new RegExp(`^scrypt\\$${log2N}\\$8\\$1\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}$`));
  });
});
