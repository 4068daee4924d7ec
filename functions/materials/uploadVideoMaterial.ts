import { materialsUploadVideo } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { readMultipart } from '../../src/http/multipart';
import { ok } from '../../src/http/responses';
import { fileField, videoFile, UploadVideoInput } from '../../src/materials/inputs';
import { uploadVideo } from '../../src/materials/materials';
import { uploadRules } from '../../src/uploads/file-types';

export const handler = endpoint(
  materialsUploadVideo,
  UploadVideoInput,
  async ({ input, files, session }) => {
    const source = input.key !== undefined && files.length === 0 ? { key: input.key } : { file: fileField(files, videoFile.name) };
    const account = await selectAccount(session.userId, input.appid);
    return ok(await uploadVideo(account, session.userId, source, { title: input.title, introduction: input.desc }));
  },
  { bodyLimits: { maxFileBytes: uploadRules.video.maxBytes }, multipart: readMultipart },
);
