import { inboxConversation } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { conversation } from '../../src/inbox/messages';
import { ConversationInput } from '../../src/inbox/inputs';

export const handler = endpoint(inboxConversation, ConversationInput, async ({ input, session }) =>
  ok({ ...(await conversation(await selectAccount(session.userId, input.appid), input.openid, input.limit, input.next)) }),
);
