import { getAccount } from '../core/data/accounts';
import { AppError } from '../core/errors';
import { stopBy } from '../core/messages/stops';
import { takeTokens } from '../audience/data/audience-state';
import { advancePage, failSend, getSend } from './data/sends';
import { getTemplate } from './data/templates';
import { deliverTo, type Delivered } from './delivery';
import { refusalStop } from './refusals';
import { enqueueTemplateSend, type TemplateSendJob } from './jobs';
import { targetPage } from './targets';

/**
 * The fan-out of a template send: page by page through the target (100 recipients a page, from
 * the follower directory), each recipient once (src/templates/delivery.ts), WeChat's calls taken
 * from the organization's token bucket of bulk work (the audience sync's, so one tenant's sends and
 * syncs together get one share), the checkpoint moved after each page. A worker stops after its
 * slice and queues the rest; killed anywhere, the queue's redelivery redoes at most one page, and
 * the recipients of that page already claimed are not sent to twice.
 */
const env = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
export const fanoutSettings = () => ({
  sliceMs: env('TEMPLATES_SEND_SLICE_MS', 60_000),
  /** WeChat calls in flight at once for one send. */
  parallel: env('TEMPLATES_SEND_PARALLEL', 10),
  tenantRate: env('AUDIENCE_TENANT_CALLS_PER_SECOND', 100),
  tenantBurst: env('AUDIENCE_TENANT_CALLS_BURST', 200),
});

export type FanoutOutcome = 'stale' | 'continued' | 'waiting' | 'done' | 'failed' | 'superseded';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items`, `parallel` at a time; every item is settled before the first error is thrown. */
const settleAll = async <T, R>(items: T[], parallel: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!).then(
          (value) => ({ status: 'fulfilled', value }) as const,
          (reason: unknown) => ({ status: 'rejected', reason }) as const,
        );
      }
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<R>).value);
};

export const runSendSlice = async (job: TemplateSendJob): Promise<FanoutOutcome> => {
  const settings = fanoutSettings();
  const send = await getSend(job.appid, job.sendId);
  if (!send || send.status !== 'sending') return 'stale';
  const account = await getAccount(job.appid);
  if (!account) {
    await failSend(job.appid, job.sendId, 'accountGone', stopBy('templateSend.accountGone'));
    return 'failed';
  }
  const deadline = Date.now() + settings.sliceMs;
  for (;;) {
    let page: Awaited<ReturnType<typeof targetPage>>;
    try {
      page = await targetPage(job.appid, send.target, send.cursor);
    } catch (error) {
      // The segment deleted under a send (DynamoDB's TTL, a day or more after its 24 hours): the
      // send ends there, said so, instead of retrying into the dead-letter queue.
      if (!(error instanceof AppError && error.problem.rule === 'audience.segmentGone')) throw error;
      await failSend(job.appid, job.sendId, 'segmentGone', stopBy('templateSend.segmentGone'));
      return 'failed';
    }
    for (let wait = await takeTokens(send.orgId, page.openids.length, settings.tenantRate, settings.tenantBurst); wait > 0; wait = await takeTokens(send.orgId, page.openids.length, settings.tenantRate, settings.tenantBurst)) {
      if (Date.now() + wait > deadline) {
        // The organization's share is spent for now: come back when it refills.
        await enqueueTemplateSend(job, wait / 1000);
        return 'waiting';
      }
      await sleep(wait);
    }
    const results: Delivered[] = await settleAll(page.openids, settings.parallel, (openid) => deliverTo(account, send, openid));
    const stop = results.find((r): r is Extract<Delivered, { outcome: 'failed' }> => r.outcome === 'failed' && r.stops);
    // A quota's refusal frees its recipient (nothing was sent): it is neither attempted nor failed.
    const freed = stop?.error?.wxerrcode === 45009 ? results.filter((r) => r.outcome === 'failed' && r.error?.wxerrcode === 45009).length : 0;
    const counts = {
      attempted: page.openids.length - freed,
      sent: results.filter((r) => r.outcome === 'sent').length,
      failed: results.filter((r) => r.outcome === 'failed').length - freed,
    };
    if (stop) {
      // A refused value is named by its label: the template's, read only then.
      const keywords = stop.error?.wxerrcode === 47003 ? ((await getTemplate(job.appid, send.templateId))?.keywords ?? []) : [];
      await failSend(job.appid, job.sendId, freed ? 'wechatDailyApiQuota' : `wechat${stop.error?.wxerrcode ?? ''}`, refusalStop(stop.error, keywords), counts);
      return 'failed';
    }
    if (!(await advancePage(job.appid, job.sendId, send.page, counts, page.cursor))) return 'superseded';
    send.page++;
    if (!page.cursor) return 'done';
    send.cursor = page.cursor;
    if (Date.now() > deadline) {
      await enqueueTemplateSend(job);
      return 'continued';
    }
  }
};
