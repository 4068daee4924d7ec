import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localRecordQueues } from '../../local/record-stream';
import { inboxKey, toItem } from '../../src/inbox/data/messages';
import { streamEvent, streamRecord } from '../records/stream-events';

/**
 * TEMPLATESENDJOBFINISH through the record stream consumer's plug-in (src/records/template-jobs.ts),
 * given stream events as Lambda delivers them, against DynamoDB Local: a recipient's outcome is
 * counted once however often the record, or WeChat's push, comes again, and a push that overtakes
 * our record of the msgid is kept until it is recorded.
 * The event and its Status values (success, failed:user block, failed: system failed):
 * developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html (事件推送)
 */
type Consume = typeof import('../../src/records/consume').consumeRecords;
type Sends = typeof import('../../src/templates/data/sends');
let consumeRecords: Consume;
let sends: Sends;
let plugin: typeof import('../../src/records/template-jobs').templateJobsFeed;

beforeAll(async () => {
  process.env['RECORD_FAILURES_QUEUE_URL'] = `${inject('queuesEndpoint')}/000000000000/${localRecordQueues.pluginFailures}`;
  ({ consumeRecords } = await import('../../src/records/consume'));
  sends = await import('../../src/templates/data/sends');
  ({ templateJobsFeed: plugin } = await import('../../src/records/template-jobs'));
});

const appidOf = () => `wxtpl${randomBytes(6).toString('hex')}`;

/** The callback's item for a TEMPLATESENDJOBFINISH push (retention 0: a mark, as most accounts keep). */
const pushItem = (appid: string, openid: string, msgid: string, status: string) => {
  const createTime = Math.floor(Date.now() / 1000);
  const key = inboxKey(appid, 0, createTime, `${appid}-${randomBytes(4).toString('hex')}`);
  return toItem(key, { appid, openid, createTime, msgType: 'event', event: 'TEMPLATESENDJOBFINISH', job: { MsgID: msgid, Status: status } }, { kind: 'none' }, 'done', 0);
};

const aSend = async (appid: string, openids: string[]) => {
  const now = new Date().toISOString();
  const send = {
    appid,
    sendId: sends.newTemplateSendId(),
    orgId: 'org-test',
    templateId: 'tpl-1',
    title: '订单支付成功通知',
    target: { tagId: 100 },
    data: { thing1: { value: '拿铁' } },
    status: 'sending' as const,
    recipients: openids.length,
    attempted: 0,
    sent: 0,
    delivered: 0,
    refused: 0,
    failed: 0,
    page: 0,
    by: { userId: 'u-1', username: 'tester' },
    createdAt: now,
    updatedAt: now,
  };
  await sends.createSend(send);
  return send;
};

describe('TEMPLATESENDJOBFINISH in the send\'s counts', () => {
  it('counts a delivery once when the stream delivers its record three times and WeChat pushes it twice', async () => {
    const appid = appidOf();
    const openid = 'oTemplateFollower00000000001';
    const send = await aSend(appid, [openid]);
    await sends.claimRecipient(appid, send.sendId, openid);
    await sends.recordSent(appid, send.sendId, openid, '3000000001');
    const first = streamEvent(streamRecord(pushItem(appid, openid, '3000000001', 'success')));
    const again = streamEvent(streamRecord(pushItem(appid, openid, '3000000001', 'success')));

    const results = [];
    for (let delivery = 0; delivery < 3; delivery++) results.push(await consumeRecords(first, [plugin]));
    results.push(await consumeRecords(again, [plugin]));

    expect(results.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    expect(await sends.getSend(appid, send.sendId)).toMatchObject({ delivered: 1, refused: 0, failed: 0 });
    expect(await sends.getRecipient(appid, send.sendId, openid)).toMatchObject({ state: 'delivered', msgid: '3000000001' });
  });

  it('counts "failed:user block" as refused and "failed: system failed" as failed', async () => {
    const appid = appidOf();
    const [blocking, unreachable] = ['oTemplateFollower00000000002', 'oTemplateFollower00000000003'];
    const send = await aSend(appid, [blocking, unreachable]);
    for (const [openid, msgid] of [[blocking, '3000000002'], [unreachable, '3000000003']] as const) {
      await sends.claimRecipient(appid, send.sendId, openid);
      await sends.recordSent(appid, send.sendId, openid, msgid);
    }

    await consumeRecords(streamEvent(streamRecord(pushItem(appid, blocking, '3000000002', 'failed:user block')), streamRecord(pushItem(appid, unreachable, '3000000003', 'failed: system failed'))), [plugin]);

    expect(await sends.getSend(appid, send.sendId)).toMatchObject({ delivered: 0, refused: 1, failed: 1 });
  });

  it('keeps a push that came before WeChat\'s answer was recorded, and counts it once when it is', async () => {
    const appid = appidOf();
    const openid = 'oTemplateFollower00000000004';
    const send = await aSend(appid, [openid]);
    await sends.claimRecipient(appid, send.sendId, openid);

    await consumeRecords(streamEvent(streamRecord(pushItem(appid, openid, '3000000004', 'success'))), [plugin]);
    await sends.recordSent(appid, send.sendId, openid, '3000000004');
    await sends.recordSent(appid, send.sendId, openid, '3000000004');

    expect(await sends.getSend(appid, send.sendId)).toMatchObject({ delivered: 1 });
    expect(await sends.getRecipient(appid, send.sendId, openid)).toMatchObject({ state: 'delivered', msgid: '3000000004' });
  });
});
