import { callbackMessage } from '../routes';
import { handleCallback } from '../handle-callback';
import { CallbackQueryInput } from '../inputs';
import { rawBody } from '../../core/http/body';
import { endpoint } from '../../core/http/endpoint';
import { text } from '../../core/http/responses';

/** WeChat waits 5 s; answer well inside it, leaving room for the response to travel. */
const replyBudgetMs = 4000;

export const handler = endpoint(callbackMessage, CallbackQueryInput, async ({ input, event, context }) => {
  const budget = Math.min(replyBudgetMs, context.getRemainingTimeInMillis() - 500);
  const answer = await handleCallback(input.appid, input, rawBody(event), budget);
  return text(200, answer.body, answer.contentType);
});
