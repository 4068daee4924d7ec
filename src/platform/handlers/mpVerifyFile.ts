import { platformMpVerifyFile } from '../routes';
import { getMpVerifyFile } from '../../accounts/data/mp-verify-files';
import { endpoint } from '../../core/http/endpoint';
import { NotFoundError } from '../../core/errors';
import { text } from '../../core/http/responses';
import { MpVerifyFileInput } from '../../accounts/settings-inputs';

/** WeChat's domain check fetches /MP_verify_<code>.txt (rewritten to this route) and reads the code. */
export const handler = endpoint(platformMpVerifyFile, MpVerifyFileInput, async ({ input }) => {
  const file = await getMpVerifyFile(input.file);
  if (!file) throw new NotFoundError(`file: no account has set ${input.file}`);
  return text(200, file.content);
});
