import { materialsUpload } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { readMultipart } from '../../src/http/multipart';
import { ok } from '../../src/http/responses';
import { fileField, materialFile, UploadMaterialInput } from '../../src/materials/inputs';
import { uploadMaterial } from '../../src/materials/materials';
import { uploadRules } from '../../src/uploads/file-types';

export const handler = endpoint(
  materialsUpload,
  UploadMaterialInput,
  async ({ input, files, session }) => {
    const file = fileField(files, materialFile.name);
    const account = await selectAccount(session.userId, input.appid);
    return ok(await uploadMaterial(account, session.userId, input.type, file));
  },
  // The parser stops reading a file past the largest size any type may have.
  { bodyLimits: { maxFileBytes: uploadRules.image.maxBytes }, multipart: readMultipart },
);
