import { inboxConversation } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { conversation } from '../conversation';
import { ConversationInput } from '../inputs';

export const handler = endpoint(inboxConversation, ConversationInput, async ({ input, session }) =>
  ok({ ...(await conversation(await selectAccount(session.org, input.appid), input.openid, input.limit, input.next)) }),
);
