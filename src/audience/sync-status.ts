import type { SyncRecord } from './data/audience-state';

/** A run as the API shows it: progress and why it stopped, not its checkpoint. */
export const statusOf = (r: SyncRecord | undefined) =>
  r
    ? {
        state: r.state,
        kind: r.kind,
        wechatTotal: r.wechatTotal,
        checked: r.checked,
        written: r.written,
        unchanged: r.unchanged,
        wechatCalls: r.wechatCalls,
        startedAt: r.startedAt,
        updatedAt: r.updatedAt,
        ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
        ...(r.pausedUntil && r.state === 'paused' ? { pausedUntil: r.pausedUntil } : {}),
        ...(r.reason && (r.state === 'paused' || r.state === 'failed') ? { reason: r.reason } : {}),
      }
    : { state: 'none' as const };
