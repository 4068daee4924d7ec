import { getAccount } from '../core/data/accounts';
import { putObject } from '../core/uploads/s3';
import { getTags } from '../wechat/api/tags';
import { getCounts } from './data/audience-state';
import { getExport, getSegment, getSegmentChunks, saveExport, type ExportRecord, type SegmentFilters, type SegmentMember } from './data/audience-jobs';
import { getFollowers } from './data/directory';
import { scanIndexPage } from './directory-scan';
import { csvRow, csvStart } from './export-csv';
import { enqueueAudienceJob } from './job-queue';
import { baseOf } from './segment-filters';

/**
 * An export, carried by the audience jobs' worker: the members (a finished segment's chunks, or one
 * directory question read page by page), each follower's own item read (BatchGetItem by 100: the
 * language and what changed since the segment was made; one who unfollowed since is left out), the
 * tag names asked of WeChat once (tags/get), the CSV written to S3 under `exports/` in one PUT. The
 * bucket's lifecycle rule removes it after a day; the status route stops handing out links after
 * 24 hours. An export of a segment still running waits for it (the message comes back in 3 s).
 */
export const exportsPrefix = 'exports/';
export const exportKey = (appid: string, exportId: string) => `${exportsPrefix}${appid}/${exportId}.csv`;

export type ExportOutcome = 'stale' | 'waiting' | 'done' | 'failed' | 'superseded';

const fail = async (appid: string, record: ExportRecord, reason: string): Promise<ExportOutcome> =>
  (await saveExport(appid, { ...record, state: 'failed', reason, updatedAt: new Date().toISOString() })) ? 'failed' : 'superseded';

/** The members of the export's source, a page at a time. */
async function* membersOf(appid: string, record: ExportRecord, segmentChunks: number): AsyncGenerator<SegmentMember[]> {
  if ('segmentId' in record.source) {
    for (let chunk = 0; chunk < segmentChunks; chunk += 10) yield (await getSegmentChunks(appid, record.source.segmentId, chunk, Math.min(10, segmentChunks - chunk))).flat();
    return;
  }
  const q = record.source.query;
  const filters: SegmentFilters = {
    ...(q['tagId'] !== undefined ? { tagIds: [Number(q['tagId'])] } : {}),
    ...(q['scene'] !== undefined ? { scene: String(q['scene']) } : {}),
    ...(q['remarkPrefix'] !== undefined ? { remarkPrefix: String(q['remarkPrefix']) } : {}),
    ...(q['from'] !== undefined ? { from: Number(q['from']) } : {}),
    ...(q['to'] !== undefined ? { to: Number(q['to']) } : {}),
  };
  const base = baseOf(filters, await getCounts(appid));
  let position: Record<number, string> | undefined;
  do {
    const page = await scanIndexPage(appid, base, position);
    yield page.members;
    position = page.position;
  } while (position);
}

export const runExport = async (appid: string, exportId: string): Promise<ExportOutcome> => {
  const record = await getExport(appid, exportId);
  if (!record || record.state !== 'running') return 'stale';
  let chunks = 0;
  if ('segmentId' in record.source) {
    const segment = await getSegment(appid, record.source.segmentId);
    if (segment?.state === 'running') {
      await enqueueAudienceJob({ kind: 'export', appid, exportId }, 3);
      return 'waiting';
    }
    if (segment?.state !== 'done') return fail(appid, record, 'audience.segmentFailed');
    chunks = segment.chunks;
  }
  const account = await getAccount(appid);
  if (!account) return fail(appid, record, 'accountGone');
  const tagNames = new Map((await getTags(account)).tags.map((t) => [t.id, t.name]));
  const parts = [csvStart()];
  let rows = 0;
  for await (const members of membersOf(appid, record, chunks)) {
    for (let i = 0; i < members.length; i += 100) {
      const batch = members.slice(i, i + 100);
      const items = await getFollowers(
        appid,
        batch.map((m) => m.openid),
      );
      for (const m of batch) {
        const f = items.get(m.openid);
        if (!f?.subscribed) continue;
        parts.push(csvRow(f, tagNames));
        rows++;
      }
    }
  }
  const body = Buffer.from(parts.join(''), 'utf8');
  const key = exportKey(appid, exportId);
  await putObject(key, body, 'text/csv; charset=utf-8');
  const now = new Date().toISOString();
  return (await saveExport(appid, { ...record, state: 'done', rows, key, bytes: body.length, finishedAt: now, updatedAt: now })) ? 'done' : 'superseded';
};

/** After the queue's last delivery failed: the export says so. */
export const failExport = async (appid: string, exportId: string, reason: string): Promise<void> => {
  const record = await getExport(appid, exportId);
  if (record?.state === 'running') await fail(appid, record, reason);
};
