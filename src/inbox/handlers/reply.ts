import { inboxReply } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { replyToFollower } from '../reply';
import { ReplyInput } from '../inputs';

export const handler = endpoint(inboxReply, ReplyInput, async ({ input, session }) =>
  ok(await replyToFollower(await selectAccount(session.org, input.appid), input, session.userId)),
);
