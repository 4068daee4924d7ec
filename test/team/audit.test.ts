import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { openApiDocument } from '../../lib/openapi';
import { routeList, type RouteDefinition, type RouteId } from '../../lib/routes';
import { isAuditedChange } from '../../src/core/audit/changes';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { testDb } from '../support/dynamo';
import { call, type ApiResponse } from '../support/http';
import { sampleOf } from '../support/openapi-sample';
import { memberOf, ownOrganization } from '../support/team';
import { loggedInUser, type LoggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * The audit log (issue 28): every change through the API is written with who, when, which
 * organization and account, what — in the same transaction as the change (a change made at WeChat:
 * the intent before the call, the outcome after it), never a secret, listed with filters and as CSV.
 */
const auditItems = async (orgId: string): Promise<Record<string, any>[]> => {
  const out = await testDb().send(new QueryCommand({ TableName: inject('tableName'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${orgId}` }, ConsistentRead: true }));
  return out.Items ?? [];
};

const routeName = (r: RouteDefinition) => `${r.method} ${r.path}`;

const doc = openApiDocument() as any;
const sampleRequest = (route: RouteDefinition, token: string, orgId: string, appid: string): Promise<ApiResponse> => {
  const op = doc.paths[route.path][route.method.toLowerCase()];
  const query: Record<string, string> = {};
  for (const p of op.parameters) if (p.in === 'query' && p.required) query[p.name] = String(sampleOf(p.schema, doc, p.name));
  const content = op.requestBody?.content ?? {};
  const schema = (content['application/json'] ?? content['multipart/form-data'])?.schema;
  const body = schema ? (sampleOf(schema, doc) as Record<string, unknown>) : {};
  if ('appid' in body) body['appid'] = appid;
  const common = { method: route.method, query, token, headers: { 'x-org': orgId } } as const;
  return route.body === 'none' ? call(route.path, common) : call(route.path, { ...common, json: body });
};

/** The routes whose calls are changes, except those that would end the owner's own access to the organization. */
const changeRoutes = routeList.filter((r) => isAuditedChange(r) && r.id !== 'team.leave' && r.id !== 'accounts.unbind');

describe('the audit log', () => {
  let owner: UserWithAccount;
  let orgId: string;

  beforeAll(async () => {
    owner = await userWithDirectAccount();
    orgId = await ownOrganization(owner.user);
  }, 60_000);

  it('classifies the table: reads are not audited, changes are', () => {
    const ids = (routeList.filter(isAuditedChange) as { id: RouteId }[]).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['replies.add', 'menus.create', 'team.invite', 'team.leave', 'content.massSend', 'content.publish', 'inbox.reply', 'team.revokeInvitation']));
    expect(ids).not.toEqual(expect.arrayContaining(['replies.list']));
    for (const read of ['replies.list', 'team.members', 'team.audit', 'menus.get', 'content.listSends', 'user.changePassword', 'callback.message']) expect(ids, read).not.toContain(read);
  });

  it('writes one entry for every change route that succeeds, none for a refused one that changed nothing, and the outcome of a change at WeChat (generated over the route table)', async () => {
    const results: { id: string; errcode: number; entry?: Record<string, any> }[] = [];
    for (const route of changeRoutes) {
      // Prepare
      const before = new Set((await auditItems(orgId)).map((i) => i['sk']));

      // Act
      const res = await sampleRequest(route, owner.user.token, orgId, owner.account.appid);

      // Assess
      const added = (await auditItems(orgId)).filter((i) => !before.has(i['sk']));
      const errcode = res.body?.errcode ?? (res.status === 200 ? 0 : res.status);
      if (errcode === 0) {
        expect(added, `${route.id}: ${res.text}`).toHaveLength(1);
        expect(added[0], route.id).toMatchObject({ route: routeName(route), userId: owner.user.id, orgId, outcome: 'done' });
      } else if (route.access.wechat) {
        // The intent was written before anything reached WeChat; the outcome says it failed, and why.
        expect(added.length, `${route.id}: ${res.text}`).toBeLessThanOrEqual(1);
        if (added[0]) expect(added[0], route.id).toMatchObject({ route: routeName(route), outcome: 'failed', errcode });
      } else {
        expect(added, `${route.id} answered ${errcode}, yet left an entry`).toEqual([]);
      }
      results.push({ id: route.id, errcode, entry: added[0] });
    }
    expect(changeRoutes.length).toBeGreaterThan(35);
    // The sample requests are real enough that a good share of the changes go through.
    expect(results.filter((r) => r.errcode === 0).length, JSON.stringify(results.map((r) => [r.id, r.errcode]))).toBeGreaterThan(8);
  }, 240_000);

  it('writes the entry in the same transaction as the change: the rule and its entry, and for a keyword that exists (a failed condition) neither', async () => {
    // Prepare
    const keyword = `atomic-${Date.now()}`;
    const add = () => call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid: owner.account.appid, type: 'text', reply: { content: 'hello' }, request: keyword, match: 'exact' } });

    // Act
    const first = await add();
    const afterFirst = await auditItems(orgId);
    const second = await add();
    const afterSecond = await auditItems(orgId);

    // Assess
    expect(first.body.errcode, first.text).toBe(0);
    expect(second.body.errcode).toBe(40900);
    const mine = afterSecond.filter((i) => i['input']?.request === keyword);
    expect(mine).toHaveLength(1);
    expect(afterSecond.length).toBe(afterFirst.length);
    expect(mine[0]).toMatchObject({ route: 'POST /apis/wxreplymanage/addReply', kind: 'replies', appid: owner.account.appid, atomic: true, outcome: 'done', username: owner.user.username });
    expect(mine[0]!['changes'].map((c: { item: string }) => c.item).join(' ')).toContain(`RULES#${owner.account.appid}`);
    expect(Date.parse(mine[0]!['at'])).toBeGreaterThan(Date.now() - 60_000);
    // Kept a year (SPEC's retention table), by the table's TTL.
    expect(mine[0]!['ttl'] - Math.floor(Date.parse(mine[0]!['at']) / 1000)).toBe(365 * 86_400);
  });

  it('leaves no entry when a transaction of several items is refused (demoting the last owner)', async () => {
    const before = await auditItems(orgId);

    const res = await call('/apis/team/updateMember', { token: owner.user.token, headers: { 'x-org': orgId }, json: { userId: owner.user.id, role: 'viewer' } });

    expect(res.body.errcode, res.text).toBe(40900);
    expect((await auditItems(orgId)).length).toBe(before.length);
  });

  it('records a change made at WeChat as its intent before the call and its outcome after it', async () => {
    const before = new Set((await auditItems(orgId)).map((i) => i['sk']));

    const res = await call('/apis/menus/createMenu', { token: owner.user.token, headers: { 'x-org': orgId }, json: { appid: owner.account.appid, button: JSON.stringify([{ type: 'click', name: 'Hi', key: 'HI' }]) } });

    expect(res.body.errcode, res.text).toBe(0);
    const added = (await auditItems(orgId)).filter((i) => !before.has(i['sk']));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ route: 'POST /apis/menus/createMenu', kind: 'menus', outcome: 'done', appid: owner.account.appid });
    expect(JSON.stringify(added[0]!['input'].button)).toContain('HI');
  });

  it('never holds a secret: AppSecret, token and EncodingAESKey of a binding, a password, are redacted', async () => {
    // Prepare: another account bound by the same organization.
    const account = await sim.createAccount();

    // Act
    const res = await call('/apis/accounts/bindDirect', { token: owner.user.token, headers: { 'x-org': orgId }, form: { appid: account.appid, appsecret: account.secret, token: account.token, encodingAESKey: account.aesKey } });

    // Assess
    expect(res.body.errcode, res.text).toBe(0);
    const entries = await auditItems(orgId);
    const binding = entries.find((e) => e['route'] === 'POST /apis/accounts/bindDirect' && e['input']?.appid === account.appid);
    expect(binding).toMatchObject({ outcome: 'done', input: { appsecret: '[redacted]', token: '[redacted]', encodingAESKey: '[redacted]' } });
    const everything = JSON.stringify(entries);
    for (const secret of [account.secret, account.token, account.aesKey, owner.user.password]) expect(everything).not.toContain(secret);
  });

  it("keeps a deleted member's entries a year, with their name replaced (SPEC's retention table)", async () => {
    // Prepare
    const leaver = await memberOf(owner.user, orgId, 'editor');
    const added = await call('/apis/wxreplymanage/addReply', { token: leaver.token, headers: { 'x-org': orgId }, json: { appid: owner.account.appid, type: 'text', reply: { content: 'bye' }, request: `leaver-${Date.now()}`, match: 'exact' } });
    expect(added.body.errcode, added.text).toBe(0);

    // Act
    const deleted = await call('/apis/user/deleteAccount', { token: leaver.token, form: { password: leaver.password } });

    // Assess
    expect(deleted.body.errcode, deleted.text).toBe(0);
    const theirs = (await auditItems(orgId)).filter((i) => i['userId'] === leaver.id);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((i) => i['username'] === 'deleted user')).toBe(true);
    expect(JSON.stringify(theirs)).not.toContain(leaver.username.replace(/^u_/, ''));
  }, 60_000);

  describe('listing and export', () => {
    let editor: LoggedInUser;
    let other: UserWithAccount;

    beforeAll(async () => {
      // Prepare: an editor adds a rule; the owner invites someone: two members, two kinds, one account.
      editor = await memberOf(owner.user, orgId, 'editor');
      const r = await call('/apis/wxreplymanage/addReply', { token: editor.token, headers: { 'x-org': orgId }, json: { appid: owner.account.appid, type: 'text', reply: { content: '=HYPERLINK("http://x")' }, request: 'by-editor', match: 'exact' } });
      expect(r.body.errcode, r.text).toBe(0);
      other = await userWithDirectAccount(await loggedInUser());
    }, 120_000);

    it('lists newest first, filtered by member, account, kind and date, page by page', async () => {
      const all = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId } });
      const byEditor = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { userId: editor.id } });
      const teamKind = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { kind: 'team' } });
      const byAccount = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { appid: owner.account.appid, kind: 'replies' } });
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const future = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { from: tomorrow } });
      const today = new Date().toISOString().slice(0, 10);
      const page1 = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { limit: '2', to: today } });
      const page2 = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { limit: '2', to: today, next: page1.body.next } });

      expect(all.body.errcode, all.text).toBe(0);
      const ats = all.body.entries.map((e: { at: string }) => e.at);
      expect(ats).toEqual([...ats].sort().reverse());
      expect(byEditor.body.entries.length).toBeGreaterThan(0);
      expect(byEditor.body.entries.every((e: { userId: string; username: string }) => e.userId === editor.id && e.username === editor.username)).toBe(true);
      expect(teamKind.body.entries.length).toBeGreaterThan(0);
      expect(teamKind.body.entries.every((e: { kind: string }) => e.kind === 'team')).toBe(true);
      expect(byAccount.body.entries.length).toBeGreaterThan(0);
      expect(byAccount.body.entries.every((e: { appid: string; kind: string }) => e.appid === owner.account.appid && e.kind === 'replies')).toBe(true);
      expect(future.body.entries).toEqual([]);
      expect(page1.body.entries).toHaveLength(2);
      expect(page2.body.entries[0].at <= page1.body.entries[1].at).toBe(true);
      expect(page2.body.entries.map((e: { requestId: string }) => e.requestId)).not.toContain(page1.body.entries[1].requestId);
    });

    it('exports the filtered list as CSV a spreadsheet reads safely', async () => {
      const res = await call('/apis/team/auditExport', { token: owner.user.token, headers: { 'x-org': orgId }, query: { userId: editor.id } });

      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="audit-\d{4}-\d\d-\d\d\.csv"/);
      const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('at,username,userId,kind,route,appid,outcome,errcode,atomic,input,changes,requestId');
      expect(lines.length).toBe(2);
      expect(lines[1]).toContain(editor.username);
      expect(lines[1]).toContain('by-editor');
      // A member's text that starts like a formula stays text.
      expect(res.text).not.toMatch(/(^|,)=HYPERLINK/m);
    });

    it('is the organization\'s own: an editor is refused (40301), another organization sees none of it', async () => {
      const asEditor = await call('/apis/team/audit', { token: editor.token, headers: { 'x-org': orgId } });
      const otherOrg = await ownOrganization(other.user);
      const theirs = await call('/apis/team/audit', { token: other.user.token, headers: { 'x-org': otherOrg } });
      const intoOurs = await call('/apis/team/audit', { token: other.user.token, headers: { 'x-org': orgId } });

      expect(asEditor.body).toMatchObject({ errcode: 40301, need: 'admin' });
      expect(JSON.stringify(theirs.body.entries)).not.toContain(owner.account.appid);
      expect(intoOurs.body.errcode).toBe(40301);
    });

    it('answers 40000 naming the field for a bad filter', async () => {
      const badDate = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { from: '2026-13' } });
      const reversed = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { from: '2026-12-02', to: '2026-12-01' } });
      const badCursor = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { next: 'bm90LWEtY3Vyc29y' } });

      expect(badDate.body).toMatchObject({ errcode: 40000, field: 'from', rule: 'format.date' });
      expect(reversed.body).toMatchObject({ errcode: 40000, field: 'from', rule: 'audit.dateRange' });
      expect(badCursor.body).toMatchObject({ errcode: 40000 });
    });
  });
});
