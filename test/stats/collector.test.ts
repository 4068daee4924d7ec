import { describe, expect, it } from 'vitest';
import { backfillDays, collectAccount, windowsOf } from '../../src/stats/collector';
import { addDays, shanghaiDay, spanDays } from '../../src/stats/days';
import { userWithComponentAccount, userWithDirectAccount } from '../support/accounts';
import { itemsOf } from '../support/faults';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * The daily collector of WeChat's numbers (src/stats/collector.ts) run in-process against
 * DynamoDB Local and the simulator's datacube area, which answers as WeChat does: at most 7 days
 * a call for user and message data, 30 for the interface summary, 1 here for published content,
 * 61501 for a longer range, verified accounts only
 * (developers.weixin.qq.com/doc/service/en/Analytics/User_Analysis_Data_Interface.html,
 * developers.weixin.qq.com/doc/subscription/api/wedata/news/api_getarticletotaldetail).
 */
const maxSpan: Record<string, number> = { getusersummary: 7, getusercumulate: 7, getupstreammsg: 7, getinterfacesummary: 30, getarticletotaldetail: 1 };

const storedDays = async (appid: string) => {
  const items = await itemsOf(`STATS#${appid}`);
  const bySource: Record<string, string[]> = {};
  for (const item of items.filter((i) => String(i['sk']).startsWith('WX#'))) (bySource[String(item['source'])] ??= []).push(String(item['day']));
  for (const days of Object.values(bySource)) days.sort();
  return { bySource, items: items.filter((i) => String(i['sk']).startsWith('WX#')) };
};

describe('the statistics collector', () => {
  it('backfills 90 days in WeChat’s windows without ever asking a range WeChat refuses', async () => {
    // Prepare: a verified account authorized through the platform
    const { account } = await userWithComponentAccount();
    const now = Date.now();
    const yesterday = shanghaiDay(now - 86_400_000);

    // Act
    const report = await collectAccount(account.appid, now);

    // Assess: every day of each source stored, each call within its span, none answered 61501
    const { bySource } = await storedDays(account.appid);
    const expected = Array.from({ length: backfillDays }, (_, i) => addDays(yesterday, i - (backfillDays - 1)));
    expect(bySource['user']).toEqual(expected);
    expect(bySource['upstream']).toEqual(expected);
    expect(bySource['interface']).toEqual(expected);
    expect(bySource['articles']).toEqual(expected);
    const calls = await sim.datacubeCalls(account.appid);
    expect(calls.filter((c) => c.errcode !== 0)).toEqual([]);
    for (const c of calls) expect(spanDays(c.begin_date, c.end_date)).toBeLessThanOrEqual(maxSpan[c.api]!);
    const count = (api: string) => calls.filter((c) => c.api === api).length;
    expect([count('getusersummary'), count('getusercumulate'), count('getupstreammsg'), count('getinterfacesummary'), count('getarticletotaldetail')]).toEqual([13, 13, 13, 3, 90]);
    expect(report).toMatchObject({ state: 'collected', calls: 132, stored: 360 });
  }, 120_000);

  it('stores what WeChat answers: followers per day whose totals follow from the day before', async () => {
    // Prepare
    const { account } = await userWithComponentAccount();
    await collectAccount(account.appid);

    // Act
    const { items } = await storedDays(account.appid);

    // Assess: cumulate(d) = cumulate(d-1) + new(d) − cancelled(d), as WeChat's own numbers keep it
    const users = items.filter((i) => i['source'] === 'user').sort((a, b) => String(a['day']).localeCompare(String(b['day'])));
    for (let i = 1; i < users.length; i++) {
      const [before, day] = [users[i - 1]!['data'] as any, users[i]!['data'] as any];
      expect(day.cumulateUser).toBe(before.cumulateUser + day.newUser - day.cancelUser);
    }
  }, 120_000);

  it('is idempotent: a second run asks WeChat nothing and changes nothing', async () => {
    // Prepare
    const { account } = await userWithComponentAccount();
    // One clock for both runs: midnight China time between them would add a day to ask for.
    const now = Date.now();
    await collectAccount(account.appid, now);
    const before = await storedDays(account.appid);
    const callsBefore = (await sim.datacubeCalls(account.appid)).length;

    // Act
    const again = await collectAccount(account.appid, now);

    // Assess
    expect(again).toMatchObject({ state: 'collected', calls: 0, stored: 0 });
    expect((await sim.datacubeCalls(account.appid)).length).toBe(callsBefore);
    expect((await storedDays(account.appid)).items).toEqual(before.items);
  }, 120_000);

  it('leaves a day WeChat has not finished unstored and fetches only that day once it is', async () => {
    // Prepare: WeChat is late with the day before yesterday
    const { account } = await userWithComponentAccount();
    const late = shanghaiDay(Date.now() - 2 * 86_400_000);
    await sim.datacubeDelayed(account.appid, late);

    // Act
    const now = Date.now();
    const first = await collectAccount(account.appid, now);
    const missing = await storedDays(account.appid);
    await sim.datacubeDelayed(account.appid, late, false);
    const callsBefore = (await sim.datacubeCalls(account.appid)).length;
    const second = await collectAccount(account.appid, now);

    // Assess: never stored empty; the retry asks for the windows holding that day only
    expect(first.state).toBe('partial');
    for (const source of ['user', 'upstream', 'interface', 'articles']) expect(missing.bySource[source]).not.toContain(late);
    expect(missing.bySource['user']).toHaveLength(backfillDays - 1);
    expect(second).toMatchObject({ state: 'collected', stored: 4 });
    const retried = (await sim.datacubeCalls(account.appid)).slice(callsBefore);
    expect(retried.map((c) => [c.api, c.begin_date, c.end_date])).toEqual([
      ['getusersummary', late, late],
      ['getusercumulate', late, late],
      ['getupstreammsg', late, late],
      ['getinterfacesummary', late, late],
      ['getarticletotaldetail', late, late],
    ]);
    const stored = await storedDays(account.appid);
    for (const source of ['user', 'upstream', 'interface', 'articles']) expect(stored.bySource[source]).toContain(late);
  }, 120_000);

  it('resumes after WeChat fails midway, asking only for what is still missing', async () => {
    // Prepare: WeChat is busy for the interface summary once
    const { account } = await userWithComponentAccount();
    await sim.fault({ path: 'datacube/getinterfacesummary', appid: account.appid, errcode: -1, errmsg: 'system error', times: 1 });

    // Act
    const now = Date.now();
    const stopped = await collectAccount(account.appid, now);
    const resumed = await collectAccount(account.appid, now);

    // Assess
    expect(stopped).toMatchObject({ state: 'partial', reason: 'wechatError' });
    expect(resumed.state).toBe('collected');
    const calls = await sim.datacubeCalls(account.appid);
    // Each user window was asked once in all: the second run did not start over.
    expect(calls.filter((c) => c.api === 'getusersummary')).toHaveLength(13);
    const { bySource } = await storedDays(account.appid);
    expect(bySource['interface']).toHaveLength(backfillDays);
  }, 120_000);

  it('skips unverified and unauthorized accounts without calling WeChat, and the overview says why', async () => {
    // Prepare: an unverified account through the platform; one the owner then unauthorizes;
    // a direct binding (its verification not known to us) that WeChat answers 48001
    const owner = await loggedInUser();
    const unverified = await sim.createAccount({ verifyType: -1 });
    const { authorizeThroughPlatform } = await import('../support/accounts');
    await authorizeThroughPlatform(owner, unverified);
    const { account: revoked } = await userWithComponentAccount(owner);
    await sim.unauthorize(revoked.appid);
    const direct = await sim.createAccount({ verifyType: -1 });
    const bound = await call('/apis/accounts/bindDirect', { token: owner.token, form: { appid: direct.appid, appsecret: direct.secret, token: direct.token, encodingAESKey: direct.aesKey } });
    expect(bound.body.errcode).toBe(0);

    // Act
    const reports = [await collectAccount(unverified.appid), await collectAccount(revoked.appid), await collectAccount(direct.appid)];
    const yesterday = shanghaiDay(Date.now() - 86_400_000);
    const overview = await call('/apis/stats/overview', { token: owner.token, json: { appid: unverified.appid, from: addDays(yesterday, -6), to: yesterday } });

    // Assess
    expect(reports.map((r) => [r.state, r.reason, r.calls])).toEqual([
      ['skipped', 'unverified', 0],
      ['skipped', 'unauthorized', 0],
      ['skipped', 'unverified', 1],
    ]);
    expect(await sim.datacubeCalls(unverified.appid)).toEqual([]);
    expect(await sim.datacubeCalls(revoked.appid)).toEqual([]);
    expect((await sim.datacubeCalls(direct.appid)).map((c) => c.errcode)).toEqual([]);
    for (const appid of [unverified.appid, revoked.appid, direct.appid]) expect((await storedDays(appid)).items).toEqual([]);
    expect(overview.body, overview.text).toMatchObject({ errcode: 0, collection: { state: 'skipped', reason: 'unverified' }, followers: { collectedDays: 0 } });
  }, 120_000);
});

describe('the simulated datacube', () => {
  it('answers 61501 for a range longer than the API takes or reaching today, 61500 for a malformed date', async () => {
    // Prepare: an account's own access token (stable_token)
    const account = await sim.createAccount();
    const token = await fetch(`${process.env['WECHAT_API_BASE']}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: account.appid, secret: account.secret }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const ask = (api: string, begin_date: string, end_date: string) =>
      fetch(`${process.env['WECHAT_API_BASE']}/datacube/${api}?access_token=${token.access_token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ begin_date, end_date }) }).then(
        (r) => r.json() as Promise<{ errcode?: number; list?: unknown[] }>,
      );
    const yesterday = shanghaiDay(Date.now() - 86_400_000);
    const today = addDays(yesterday, 1);

    // Act
    const answers = await Promise.all([
      ask('getusersummary', addDays(yesterday, -7), yesterday),
      ask('getusercumulate', addDays(yesterday, -6), yesterday),
      ask('getinterfacesummary', addDays(yesterday, -29), yesterday),
      ask('getinterfacesummary', addDays(yesterday, -30), yesterday),
      ask('getupstreammsg', yesterday, today),
      ask('getusersummary', '2026/12/01', yesterday),
    ]);

    // Assess
    expect(answers.map((a) => a.errcode ?? 0)).toEqual([61501, 0, 0, 61501, 61501, 61500]);
    expect(answers[1]!.list).toHaveLength(7);
  });
});

describe('collection windows', () => {
  it('cuts runs of missing days into windows no longer than the API takes', () => {
    expect(windowsOf(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-05'], 2)).toEqual([
      ['2026-11-01', '2026-11-02'],
      ['2026-11-03', '2026-11-03'],
      ['2026-11-05', '2026-11-05'],
    ]);
  });
});
