import { audienceSegmentStatus } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { NotFoundError } from '../../core/errors';
import { ok } from '../../core/http/responses';
import { getSegment, segmentKeptSeconds } from '../data/audience-jobs';
import { SegmentStatusInput } from '../job-inputs';
import { segmentView } from '../job-views';
import '../job-rule-texts';

export const handler = endpoint(audienceSegmentStatus, SegmentStatusInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const record = await getSegment(account.appid, input.segmentId);
  // DynamoDB's TTL deletes late: the age is checked here too.
  if (!record || Date.parse(record.createdAt) + segmentKeptSeconds * 1000 <= Date.now()) {
    throw new NotFoundError('segmentId: no such segment of this account (a segment is kept 24 hours)', { field: 'segmentId', rule: 'audience.segmentGone' });
  }
  return ok({ segment: segmentView(record) });
});
