import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { AcceptInput } from '../inputs';
import { accept } from '../accept';
import { teamAccept } from '../routes';
import { pickLanguage } from '../../core/messages/language';

export const handler = endpoint(teamAccept, AcceptInput, async ({ input, session, event }) =>
  // The console sends the language its user reads in: the organization's mails to them will speak it.
  ok({ organization: await accept(session.userId, input.token, pickLanguage(event.headers?.['accept-language'])) }),
);
