import { materialsCreateUploadUrl } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { CreateUploadUrlInput } from '../../src/materials/inputs';
import { createUploadUrl } from '../../src/materials/materials';

export const handler = endpoint(materialsCreateUploadUrl, CreateUploadUrlInput, async ({ input, session }) =>
  ok(await createUploadUrl(session.userId, input.type, input.size, input.filename)),
);
