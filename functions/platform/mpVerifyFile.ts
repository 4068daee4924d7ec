import { platformMpVerifyFile } from '../../lib/routes';
import { getMpVerifyFile } from '../../src/data/mp-verify-files';
import { endpoint } from '../../src/http/endpoint';
import { NotFoundError } from '../../src/http/errors';
import { text } from '../../src/http/responses';
import { MpVerifyFileInput } from '../../src/platform/settings-inputs';

/** WeChat's domain check fetches /MP_verify_<code>.txt (rewritten to this route) and reads the code. */
export const handler = endpoint(platformMpVerifyFile, MpVerifyFileInput, async ({ input }) => {
  const file = await getMpVerifyFile(input.file);
  if (!file) throw new NotFoundError(`file: no account has set ${input.file}`);
  return text(200, file.content);
});
