import { materialsUploadLogo } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { readMultipart } from '../../src/http/multipart';
import { ok } from '../../src/http/responses';
import { fileField, logoFile, UploadLogoInput } from '../../src/materials/inputs';
import { uploadRules } from '../../src/uploads/file-types';
import { uploadLogo } from '../../src/users/logo';

export const handler = endpoint(
  materialsUploadLogo,
  UploadLogoInput,
  async ({ files, session }) => ok(await uploadLogo(session.userId, 'logoFile', fileField(files, logoFile.name, logoFile.alias).data)),
  { bodyLimits: { maxFileBytes: uploadRules.logo.maxBytes }, multipart: readMultipart },
);
