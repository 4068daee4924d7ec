import { materialsUploadVideo } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { readMultipart } from '../../core/http/multipart';
import { ok } from '../../core/http/responses';
import { fileField, videoFile, UploadVideoInput } from '../inputs';
import { uploadVideo } from '../materials';
import { uploadRules } from '../../core/uploads/file-types';

export const handler = endpoint(
  materialsUploadVideo,
  UploadVideoInput,
  async ({ input, files, session }) => {
    const source = input.key !== undefined && files.length === 0 ? { key: input.key } : { file: fileField(files, videoFile.name) };
    const account = await selectAccount(session.org, input.appid);
    return ok(await uploadVideo(account, session.userId, source, { title: input.title, introduction: input.desc }));
  },
  { bodyLimits: { maxFileBytes: uploadRules.video.maxBytes }, multipart: readMultipart },
);
