import { inboxReply } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { replyToFollower } from '../../src/inbox/reply';
import { ReplyInput } from '../../src/inbox/inputs';

export const handler = endpoint(inboxReply, ReplyInput, async ({ input, session }) =>
  ok(await replyToFollower(await selectAccount(session.userId, input.appid), input, session.userId)),
);
