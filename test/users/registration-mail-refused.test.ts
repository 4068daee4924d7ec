import { describe, expect, inject, it } from 'vitest';
import { readMails, sandboxUnverifiedDomain } from '../../local/ses-local';
import { hashToken } from '../../src/core/security/tokens';
import { scanAll } from '../support/dynamo';
import { call } from '../support/http';
import { mailsTo } from '../support/mail';
import { aUser, registerUser } from '../support/users';

/** What a person in the console reads: the API's default language (the test client asks for English). */
const chinese = { 'accept-language': 'zh-CN' };

/**
 * Registration when SES will not send to the address (issue 29, item 1). In the SES sandbox,
 * SendEmail to a recipient that is not a verified identity answers 400 MessageRejected, "Email
 * address is not verified. The following identities failed the check in region …: <address>"
 * (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html,
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html). The local SES refuses
 * the addresses of one configured domain that way (local/ses-local.ts). Nothing may stay written:
 * the user could never verify, and would hold the username and the address.
 */
const itemsNaming = async (...values: string[]) =>
  (await scanAll()).filter((item) => values.some((v) => JSON.stringify(item).toLowerCase().includes(v.toLowerCase())));

describe('registration SES will not mail', () => {
  it('answers 40000 naming the address, in Chinese first, and commits nothing', async () => {
    // Prepare
    const user = aUser();
    const refused = { ...user, email: `${user.username}@${sandboxUnverifiedDomain}` };

    const tokensBefore = new Set((await scanAll()).filter((i) => i['type'] === 'verification').map((i) => i['pk']));

    // Act
    const res = await call('/apis/user/register', { headers: chinese, form: { ...refused } });

    // Assess: a clear answer about the field, and no user, marker, organization or link left behind.
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errcode: 40000, field: 'email', rule: 'email.undeliverable' });
    const msg = (res.body as { msg: string }).msg;
    expect(msg.startsWith('无法向')).toBe(true);
    expect(msg).toContain(refused.email);
    expect(await itemsNaming(refused.username, refused.email)).toEqual([]);
    // The link's token names only the user id: a new one whose user is gone and that no mail carried
    // would be this registration's (another file's may register and delete a user meanwhile, but
    // its link went out in a mail).
    const after = await scanAll();
    const profiles = new Set(after.filter((i) => String(i['pk']).startsWith('USER#') && i['sk'] === 'PROFILE').map((i) => i['id']));
    const orphans = after.filter((i) => i['type'] === 'verification' && !tokensBefore.has(i['pk']) && !profiles.has(i['userId']));
    const mailed = orphans.length === 0 ? new Set() : new Set((await readMails(inject('sesEndpoint'))).flatMap((m) => [...(m.body.text ?? '').matchAll(/#\/verify\?token=([\w%-]+)/g)].map((t) => `VERIFY#${hashToken(decodeURIComponent(t[1]!))}`)));
    expect(orphans.filter((i) => !mailed.has(String(i['pk'])))).toEqual([]);
    expect(await mailsTo(refused.email)).toEqual([]);
    const login = await call('/apis/user/login', { form: { username: refused.username, password: refused.password } });
    expect(login.body).toMatchObject({ errcode: 40101 });
  }, 90_000);

  it('lets the same username register again with an address SES takes', async () => {
    // Prepare
    const user = aUser();
    await call('/apis/user/register', { headers: chinese, form: { ...user, email: `${user.username}@${sandboxUnverifiedDomain}` } });

    // Act
    await registerUser(user);

    // Assess: one user, one organization of theirs, and the mail went to the new address.
    const items = await itemsNaming(user.username);
    expect(items.filter((i) => String(i['pk']).startsWith('USER#'))).toHaveLength(1);
    expect(items.filter((i) => i['type'] === 'organization')).toHaveLength(1);
    expect(await mailsTo(user.email)).toHaveLength(1);
  });
});
