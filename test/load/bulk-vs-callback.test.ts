import { describe, expect, it } from 'vitest';
import { workers } from '../../lib/routes';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { audience, waitForSync } from '../support/audience';
import { putItem } from '../support/dynamo';
import { ownOrganization } from '../support/team';
import { sim } from '../support/wechat-sim';

/**
 * Issue 26: one tenant's bulk work (a follower sync of 20,000 with WeChat answering in 30–80 ms)
 * must not starve another tenant. Locally every function shares the test machine's 2 cores, so the
 * latencies are printed side by side (and measured properly by `npm run bench`); asserted are the
 * facts that hold anywhere: every message of the other tenant is answered 200 on WeChat's first
 * attempt within WeChat's 5 seconds (no throttle, no retry), while the sync is really running, and
 * the sync still finishes; and a tenant over its WeChat-call rate is handed back to the queue with a
 * delay while another tenant's run goes on.
 */
const messages = 40;
const bigAudience = 20_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const summary = (ms: number[], statuses: number[][]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, p50: NaN, p95: NaN, max: NaN, statuses };
  return { count: ms.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]!, statuses };
};

/**
 * Drives text messages to the account's callback one after another, as WeChat delivers them, until
 * `n` are sent or `going()` turns false; ms per message, counting only those answered before it did.
 */
const drive = async (to: UserWithAccount, n: number, label: string, going: () => boolean = () => true) => {
  const ms: number[] = [];
  const statuses: number[][] = [];
  for (let i = 0; i < n && going(); i++) {
    const start = performance.now();
    const res = await sim.send({ appid: to.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: `${label} ${i}` } });
    if (!going()) break;
    ms.push(performance.now() - start);
    statuses.push(res.attempts.map((a) => a.status));
  }
  return summary(ms, statuses);
};

describe('bulk work never starves the callback', { timeout: 600_000 }, () => {
  it("leaves another tenant's callback answered while a 20,000-follower sync runs: p50/p95 side by side, every message 200 at the first attempt", async () => {
    expect(workers.followerSync.maximumConcurrency).toBeLessThanOrEqual(5);
    const big = await userWithDirectAccount();
    const other = await userWithDirectAccount();
    await sim.seedAudience(big.account.appid, bigAudience, 'load-big');
    await sim.latency(big.account.appid, { minMs: 30, maxMs: 80 });
    // Warm the other tenant's callback (its first message pays the token and the account's first read).
    await drive(other, 3, 'warm');

    const quiet = await drive(other, messages, 'quiet');
    const started = await audience(big, 'sync');
    expect(started.body, started.text).toMatchObject({ errcode: 0, started: true });
    await waitForSync(big, (s) => s.checked > 0);
    // The second series runs exactly while the sync does: a watcher reads its status as the
    // messages go, and only messages answered before it saw the sync end are counted (a fixed
    // number of them raced a sync that on a quiet machine ends within seconds).
    let syncing = true;
    let seen = 0;
    const watcher = (async () => {
      while (syncing) {
        const status = (await audience(big, 'syncStatus')).body.status as { state: string; checked: number };
        if (status.state !== 'running') syncing = false;
        else seen = status.checked;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const busy = await drive(other, 400, 'busy', () => syncing);
    syncing = false;
    await watcher;

    console.log(
      [
        `callback of another tenant (ms, through the simulator and the local gateway):`,
        `  without the sync, ${quiet.count} messages: p50 ${quiet.p50.toFixed(1)}  p95 ${quiet.p95.toFixed(1)}  max ${quiet.max.toFixed(1)}`,
        `  during the sync, ${busy.count} messages:  p50 ${busy.p50.toFixed(1)}  p95 ${busy.p95.toFixed(1)}  max ${busy.max.toFixed(1)}  (sync seen at ${seen}/${bigAudience})`,
      ].join('\n'),
    );
    // Enough messages were answered while the sync was running to say anything of them.
    expect(busy.count).toBeGreaterThanOrEqual(20);
    // Every message answered at WeChat's first attempt: no 429 from a throttle, no 5xx, no retry.
    for (const run of [quiet, busy]) expect(run.statuses.every((s) => s.length === 1 && s[0] === 200), JSON.stringify(run.statuses)).toBe(true);
    // WeChat gives up on an answer after 5 seconds (and retries): none came close.
    expect(busy.max).toBeLessThan(5000);

    const done = await waitForSync(big, (s) => s.state === 'done' || s.state === 'failed', 400_000);
    await sim.latency(big.account.appid, 'off');
    expect(done).toMatchObject({ state: 'done', checked: bigAudience, written: bigAudience });
  });

  it('hands a tenant over its WeChat-call rate back to the queue with a delay while another tenant’s sync goes on', async () => {
    const spent = await userWithDirectAccount();
    const fresh = await userWithDirectAccount();
    await sim.seedAudience(spent.account.appid, 1500, 'bucket-spent');
    await sim.seedAudience(fresh.account.appid, 1500, 'bucket-fresh');
    const orgId = await ownOrganization(spent.user);
    // The organization owes 4,000 WeChat calls: at the default 100 a second, its bucket holds the
    // 8 a step needs again in about 40 s, longer than a slice (2 s here), so its run is handed back;
    // and longer than the other tenant's sync takes on a loaded machine (20 s was not, once).
    const owedAt = Date.now();
    await putItem({ pk: `AUDIENCEBUCKET#${orgId}`, sk: 'BUCKET', type: 'audienceBucket', tokens: -4000, at: owedAt, ttl: Math.floor(owedAt / 1000) + 3600 });

    await audience(spent, 'sync');
    await audience(fresh, 'sync');
    const freshDone = await waitForSync(fresh, (s) => s.state === 'done');
    const spentMeanwhile = (await audience(spent, 'syncStatus')).body.status;

    expect(freshDone).toMatchObject({ checked: 1500 });
    // Handed back, not holding a worker: running, nothing checked, while the other tenant finished.
    expect(spentMeanwhile).toMatchObject({ state: 'running', checked: 0 });
    const spentDone = await waitForSync(spent, (s) => s.state === 'done', 200_000);
    expect(spentDone.checked).toBe(1500);
    // It went on once its bucket had refilled (4,008 calls at 100 a second), not before.
    expect(Date.parse(spentDone.finishedAt) - owedAt).toBeGreaterThanOrEqual(39_000);
  });
});
