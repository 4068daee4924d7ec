import { materialsUploadLogo } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { readMultipart } from '../../core/http/multipart';
import { ok } from '../../core/http/responses';
import { fileField, logoFile, UploadLogoInput } from '../inputs';
import { uploadRules } from '../../core/uploads/file-types';
import { uploadLogo } from '../../users/logo';

export const handler = endpoint(
  materialsUploadLogo,
  UploadLogoInput,
  async ({ files, session }) => ok(await uploadLogo(session.userId, 'logoFile', fileField(files, logoFile.name, logoFile.alias).data)),
  { bodyLimits: { maxFileBytes: uploadRules.logo.maxBytes }, multipart: readMultipart },
);
