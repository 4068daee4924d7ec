import { describe, expect, it } from 'vitest';
import { scanAll } from '../support/dynamo';
import { objectsUnder } from '../support/faults';
import { aClientAddress, call } from '../support/http';
import { waitForMail } from '../support/mail';
import { multipartBody, sampleFile } from '../support/media';
import { memberOf, ownOrganization } from '../support/team';
import { loggedInUser, type LoggedInUser } from '../support/users';
import { userWithDirectAccount } from '../support/accounts';

/** What a person in the console reads: the API's default language (the test client asks for English). */
const chinese = { 'accept-language': 'zh-CN' };

/**
 * Deleting a user (PIPL). What docs/privacy.md says stays after a deletion: rate-limit counters
 * (hashed subjects, gone within the hour), invitations the user sent to others (until they expire),
 * and the WeChat data of accounts owned by organizations that remain.
 */
/** An audit entry keeps a deleted user's id (it names nobody) under another name: it must not hold their name or address. */
const namedIn = (item: Record<string, unknown>, user: LoggedInUser) => {
  const text = JSON.stringify(item).toLowerCase();
  return [user.username.toLowerCase(), user.email.toLowerCase()].some((s) => text.includes(s));
};

const mentions = (item: Record<string, unknown>, user: LoggedInUser & { id: string }) => {
  const text = JSON.stringify(item).toLowerCase();
  return [user.id, user.username.toLowerCase(), user.email.toLowerCase()].some((s) => text.includes(s));
};

const uploadLogo = async (user: LoggedInUser) => {
  const { body, contentType } = multipartBody([{ name: 'logoFile', value: sampleFile.png(2000), filename: 'logo.png' }]);
  const res = await call('/apis/materials/uploadLogo', { token: user.token, raw: body, contentType });
  expect(res.body.errcode, res.text).toBe(0);
};

describe('delete my account', () => {
  it('leaves no table item and no bucket object of the user: their organization, its account and tokens, sessions, links, logos', async () => {
    // Prepare: a user with an account bound directly, a logo (replaced once: the first is gone already), two sessions, pending links
    const { user, account } = await userWithDirectAccount();
    const orgId = await ownOrganization(user);
    await uploadLogo(user);
    await uploadLogo(user);
    await call('/apis/user/login', { form: { username: user.username, password: user.password } });
    await call('/apis/user/forgotPassword', { headers: chinese, form: { email: user.email }, from: aClientAddress() });
    await waitForMail(user.email, 1);
    await call('/apis/user/changeEmail', { headers: chinese, token: user.token, form: { password: user.password, email: `new-${user.email}` }, from: aClientAddress() });
    await waitForMail(user.email, 2);
    expect((await scanAll()).filter((i) => mentions(i, user)).length).toBeGreaterThan(5);
    expect(await objectsUnder(`logos/${user.id}/`)).toHaveLength(1);

    // Act
    const wrong = await call('/apis/user/deleteAccount', { token: user.token, form: { password: 'not-the-password' } });
    const res = await call('/apis/user/deleteAccount', { token: user.token, form: { password: user.password } });

    // Assess
    expect(wrong.body.errcode).toBe(40101);
    expect(res.body).toEqual({ errcode: 0, msg: 'ok', organizationsDeleted: 1, accountsDeleted: 1 });
    expect(res.cookies.find((c) => c.startsWith('SocialinzenToken='))).toMatch(/Max-Age=0/);
    const items = await scanAll();
    const left = items.filter((i) => !String(i['pk']).startsWith('AUDIT#') && (mentions(i, user) || String(i['pk']).includes(orgId) || String(i['pk']).includes(account.appid)));
    expect(left.map((i) => `${String(i['pk'])} ${String(i['sk'])}`)).toEqual([]);
    // The organization's audit log is kept a year (SPEC, data kept), naming the user no more.
    expect(items.filter((i) => String(i['pk']).startsWith('AUDIT#') && namedIn(i, user))).toEqual([]);
    expect(await objectsUnder(`logos/${user.id}/`)).toEqual([]);
    expect((await call('/apis/user/me', { token: user.token })).body.errcode).toBe(40100);
    expect((await call('/apis/user/login', { form: { username: user.username, password: user.password } })).body.errcode).toBe(40101);
    // The username and address are free again.
    const again = await call('/apis/user/register', { headers: chinese, form: { username: user.username, password: user.password, email: user.email } });
    expect(again.body.errcode).toBe(0);
  }, 90_000);

  it("holds a deleted organization's account's rules 30 days, as an unbound account's, then lets TTL purge them (SPEC, data kept)", async () => {
    // Prepare: the only member of an organization whose account has a reply rule
    const { user, account } = await userWithDirectAccount();
    const rule = await call('/apis/wxreplymanage/addReply', { token: user.token, json: { type: 'text', reply: { type: 'text', content: '营业时间 9:00-21:00' }, request: '营业时间', match: 'exact' } });
    expect(rule.body.errcode, rule.text).toBe(0);
    const before = Math.floor(Date.now() / 1000);

    // Act
    const res = await call('/apis/user/deleteAccount', { token: user.token, form: { password: user.password } });

    // Assess: every item of the account's rules expires within 30 days; none is left for good
    expect(res.body).toMatchObject({ errcode: 0, accountsDeleted: 1 });
    const rules = (await scanAll()).filter((i) => String(i['pk']) === `RULES#${account.appid}`);
    expect(rules.length).toBeGreaterThan(0);
    for (const item of rules) {
      expect(item['ttl'], JSON.stringify(item)).toBeGreaterThanOrEqual(before + 30 * 86_400);
      expect(item['ttl'], JSON.stringify(item)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 30 * 86_400);
    }
  }, 90_000);

  it('is refused while the user is the only owner of an organization that has other members', async () => {
    const owner = await loggedInUser();
    const orgId = await ownOrganization(owner);
    const editor = await memberOf(owner, orgId, 'editor');

    const refused = await call('/apis/user/deleteAccount', { token: owner.token, form: { password: owner.password } });

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ errcode: 40900, organizations: [{ orgId, name: owner.username }] });
    expect(refused.body).toMatchObject({ field: 'organizations', rule: 'account.onlyOwner', given: `“${owner.username}”` });
    expect((await call('/apis/user/me', { token: owner.token })).body.errcode).toBe(0);
    expect((await call('/apis/user/me', { token: editor.token })).body.errcode).toBe(0);
  }, 90_000);

  it("a member leaves the other organizations they belong to, which stay with their owners", async () => {
    const owner = await loggedInUser();
    const orgId = await ownOrganization(owner);
    const editor = await memberOf(owner, orgId, 'editor');

    const res = await call('/apis/user/deleteAccount', { token: editor.token, form: { password: editor.password } });
    const members = await call('/apis/team/members', { token: owner.token, headers: { 'x-org': orgId } });

    expect(res.body).toMatchObject({ errcode: 0, organizationsDeleted: 1, accountsDeleted: 0 });
    expect(members.body.members.map((m: { userId: string }) => m.userId)).toEqual([owner.id]);
    const items = await scanAll();
    expect(items.filter((i) => mentions(i, editor) && !String(i['pk']).startsWith('INVITE#') && !String(i['pk']).startsWith('AUDIT#'))).toEqual([]);
    expect(items.filter((i) => String(i['pk']).startsWith('AUDIT#') && namedIn(i, editor))).toEqual([]);
  }, 90_000);
});
