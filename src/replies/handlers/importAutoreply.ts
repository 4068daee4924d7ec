import { repliesImportAutoreply } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ImportAutoreplyInput } from '../inputs';
import { importAutoreplies } from '../autoreply-import';

export const handler = endpoint(repliesImportAutoreply, ImportAutoreplyInput, async ({ input, session }) =>
  ok({ ...(await importAutoreplies(await selectAccount(session.userId, input.appid), input.mode)) }),
);
