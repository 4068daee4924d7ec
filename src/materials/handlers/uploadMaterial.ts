import { materialsUpload } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { readMultipart } from '../../core/http/multipart';
import { ok } from '../../core/http/responses';
import { fileField, materialFile, UploadMaterialInput } from '../inputs';
import { uploadMaterial } from '../materials';
import { uploadRules } from '../../core/uploads/file-types';

export const handler = endpoint(
  materialsUpload,
  UploadMaterialInput,
  async ({ input, files, session }) => {
    const file = fileField(files, materialFile.name);
    const account = await selectAccount(session.org, input.appid);
    return ok(await uploadMaterial(account, session.userId, input.type, file));
  },
  // The parser stops reading a file past the largest size any type may have.
  { bodyLimits: { maxFileBytes: uploadRules.image.maxBytes }, multipart: readMultipart },
);
