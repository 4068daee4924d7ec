import type { Counts } from './data/audience-state';
import type { SegmentFilters, SegmentMember, SegmentRecord } from './data/audience-jobs';

/**
 * What a segment job reads and keeps. The directory answers one key at a time (directory.ts); a
 * segment reads the cheapest of its filters' keys and checks the rest on each entry:
 *
 * - a tag or a QR scene: its size is known from the counters, so the smallest of them is read;
 * - else a remark prefix (only remarked followers are in that index, and a prefix narrows it);
 * - else the subscribe-time range;
 * - else (language or subscribe scene alone) everyone.
 *
 * Language is not in the index entries: when it is asked, the followers' own items are read
 * (BatchGetItem by 100) for the entries that passed the other filters.
 */
export const time10 = (t: number) => String(Math.max(0, Math.floor(t))).padStart(10, '0');

export const baseOf = (f: SegmentFilters, counts: Counts): SegmentRecord['base'] => {
  const sized: { index: string; size: number }[] = [
    ...(f.tagIds ?? []).map((t) => ({ index: `tag:${t}`, size: counts.tags[String(t)] ?? 0 })),
    ...(f.scene !== undefined ? [{ index: `scene:${f.scene}`, size: counts.scenes[f.scene] ?? 0 }] : []),
  ];
  if (sized.length) return { index: sized.reduce((a, b) => (b.size < a.size ? b : a)).index };
  if (f.remarkPrefix !== undefined) return { index: 'remark', prefix: f.remarkPrefix.toLowerCase() };
  if (f.from !== undefined || f.to !== undefined) return { index: 'time', from: time10(f.from ?? 0), to: time10(f.to ?? 9_999_999_999) };
  return { index: 'time' };
};

/** Whether an index entry passes every filter the index did not already answer (language aside). */
export const matches = (f: SegmentFilters, m: SegmentMember): boolean =>
  (f.tagIds ?? []).every((t) => m.tags.includes(t)) &&
  (f.scene === undefined || m.qrScene === f.scene) &&
  (f.remarkPrefix === undefined || m.remark.toLowerCase().startsWith(f.remarkPrefix.toLowerCase())) &&
  (f.from === undefined || m.subscribeTime >= f.from) &&
  (f.to === undefined || m.subscribeTime <= f.to) &&
  (f.subscribeScene === undefined || m.subscribeScene === f.subscribeScene);
