import { materialsCreateUploadUrl } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { CreateUploadUrlInput } from '../inputs';
import { createUploadUrl } from '../materials';

export const handler = endpoint(materialsCreateUploadUrl, CreateUploadUrlInput, async ({ input, session }) =>
  ok(await createUploadUrl(session.userId, input.type, input.size, input.filename)),
);
