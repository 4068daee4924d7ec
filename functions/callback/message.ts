import { callbackMessage } from '../../lib/routes';
import { handleCallback } from '../../src/callback/handle-callback';
import { CallbackQueryInput } from '../../src/callback/inputs';
import { rawBody } from '../../src/http/body';
import { endpoint } from '../../src/http/endpoint';
import { text } from '../../src/http/responses';

/** WeChat waits 5 s; answer well inside it, leaving room for the response to travel. */
const replyBudgetMs = 4000;

export const handler = endpoint(callbackMessage, CallbackQueryInput, async ({ input, event, context }) => {
  const budget = Math.min(replyBudgetMs, context.getRemainingTimeInMillis() - 500);
  const answer = await handleCallback(input.appid, input, rawBody(event), budget);
  return text(200, answer.body, answer.contentType);
});
