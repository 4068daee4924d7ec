import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCron } from '../../local/cron';
import { startScheduler } from '../../local/scheduler';
import { statsScheduled } from '../../src/stats/routes';
import { probeEvents } from './fixtures/scheduled-probe';

/**
 * The EventBridge stand-in of `npm start` (local/scheduler.ts): a cron entry of the route table is
 * planned at its next time and run then, not skipped (cron in UTC, as EventBridge rules:
 * docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html).
 */
const root = resolve(__dirname, '../..');

describe('the local scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
    probeEvents.length = 0;
  });

  it('plans the statistics collector’s cron at its next time instead of skipping it', async () => {
    // Act: the route table's own entries, cron planned but not run (as the test stack does)
    const stop = await startScheduler(root, { cron: false });
    const plan = stop.plan();
    await stop();

    // Assess: the collector has a next run, the one its expression names, in 00:00–03:50 UTC
    const collector = plan['collectStats']!;
    expect(collector.expression).toBe(statsScheduled.collectStats.schedule);
    const expected = parseCron(collector.expression).next(new Date())!.getTime();
    expect(collector.next).toBe(expected);
    const next = new Date(collector.next!);
    expect(next.getUTCHours()).toBeLessThanOrEqual(3);
    expect(next.getUTCMinutes() % 10).toBe(0);
    // and the rate entries are planned beside it
    expect(plan['refreshTokens']?.next).toBeGreaterThan(Date.now());
  });

  it('runs a cron entry when its minute comes, with an EventBridge scheduled event, and plans the next one', async () => {
    // Prepare: a clock just before 00:00 UTC and an entry on the collector's expression
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-12-06T23:59:30Z'));
    const stop = await startScheduler(root, {
      entries: { probe: { handler: 'test/local/fixtures/scheduled-probe.ts', schedule: statsScheduled.collectStats.schedule } },
    });
    expect(new Date(stop.plan()['probe']!.next!).toISOString()).toBe('2026-12-07T00:00:00.000Z');

    // Act: 29 s — not yet; 31 s — its minute
    await vi.advanceTimersByTimeAsync(29_000);
    expect(probeEvents).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);

    // Assess
    expect(probeEvents).toHaveLength(1);
    expect(probeEvents[0]).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', resources: ['arn:aws:events:local:000000000000:rule/socialinzen-probe'] });
    expect(new Date(stop.plan()['probe']!.next!).toISOString()).toBe('2026-12-07T00:10:00.000Z');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(probeEvents).toHaveLength(2);
    await stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(probeEvents).toHaveLength(2);
  });
});
