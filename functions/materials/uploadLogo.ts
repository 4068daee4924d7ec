import * as z from 'zod';
import { routes } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { fileField } from '../../src/materials/inputs';
import { uploadRules } from '../../src/uploads/file-types';
import { uploadLogo } from '../../src/users/logo';

export const handler = endpoint(
  routes['materials.uploadLogo'],
  z.object({}),
  async ({ files, session }) => ok(await uploadLogo(session.userId, 'logoFile', fileField(files, 'logoFile', 'logolFile').data)),
  { bodyLimits: { maxFileBytes: uploadRules.logo.maxBytes } },
);
